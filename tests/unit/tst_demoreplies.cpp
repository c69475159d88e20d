// What a demo bot answers, and to whom: people who mention it or write to it, once per cooldown,
// never another bot (so two bots cannot talk each other into a loop), fitting what was said.
#include "server/demo/DemoReplies.h"

#include <QTest>

using sb::server::DemoReplies;

class DemoRepliesTest : public QObject
{
    Q_OBJECT

private slots:
    void mentionsAreWholeNames()
    {
        const DemoReplies ada("ada", {"ada", "ben"}, 1000, 1);
        QVERIFY(ada.mentionsMe("@ada you there?"));
        QVERIFY(ada.mentionsMe("thanks @Ada!"));
        QVERIFY(!ada.mentionsMe("@adam hi")); // another name
        QVERIFY(!ada.mentionsMe("mail me at x@ada.io")); // not a mention
        QVERIFY(!ada.mentionsMe("ada, hi")); // no @
    }

    void onlyPeopleGetAnswersOncePerCooldown()
    {
        DemoReplies ada("ada", {"ada", "ben"}, 1000, 1);
        QVERIFY(ada.replyTo("ben", "@ada hi", false, 0).isEmpty()); // a fellow bot: no loop
        QVERIFY(ada.replyTo("ada", "@ada hi", false, 0).isEmpty()); // itself
        QVERIFY(ada.replyTo("", "@ada hi", false, 0).isEmpty());
        const QString first = ada.replyTo("zoe", "@ada hi", false, 0);
        QVERIFY(first.startsWith("@zoe ")); // in a room the answer names its reader
        QVERIFY(ada.replyTo("zoe", "@ada hello again", false, 999).isEmpty()); // too soon
        QVERIFY(!ada.replyTo("max", "@ada hi", false, 999).isEmpty()); // another person may
        QVERIFY(!ada.replyTo("zoe", "@ada still there?", false, 1000).isEmpty());
    }

    void answersFitWhatWasSaid()
    {
        DemoReplies ada("ada", {"ada"}, 0, 7);
        ada.setPriceSource([](const QString &symbol) { return symbol == "NVDA" ? 481.5 : 0.0; });
        QVERIFY(ada.replyTo("zoe", "@ada where is NVDA now?", false, 0).contains("481.50"));
        QVERIFY(ada.replyTo("zoe", "what about $TSLA", true, 1).contains("TSLA")); // unknown price
        const QString greeting = ada.replyTo("zoe", "hey", true, 2);
        QVERIFY2(greeting.contains("zoe") || greeting.contains("hi!"), qPrintable(greeting));
        QVERIFY(!greeting.startsWith("@")); // a DM answer needs no name in front
        // "OK" and "I" are not tickers without a price: a plain question gets a plain answer.
        const QString answer = ada.replyTo("zoe", "OK, I think so?", true, 3);
        QVERIFY(!answer.contains("OK"));
        QVERIFY(!answer.isEmpty());
    }

    void answersVary()
    {
        DemoReplies ada("ada", {"ada"}, 0, 3);
        QSet<QString> seen;
        QString previous;
        for (int i = 0; i < 20; ++i) {
            const QString reply = ada.replyTo("zoe", "@ada nice", false, i);
            QVERIFY(reply != previous); // never the same twice running
            previous = reply;
            seen.insert(reply);
        }
        QVERIFY(seen.size() >= 3);
    }
};

QTEST_GUILESS_MAIN(DemoRepliesTest)
#include "tst_demoreplies.moc"
