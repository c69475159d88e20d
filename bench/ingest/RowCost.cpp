#include "RowCost.h"

#include "client/ChatTypes.h"
#include "models/MessageListModel.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/MessageMarkup.h"
#include "ui/chat/MessageRowLayout.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace bench {

namespace {

using namespace sb;
using ui::MessageRowLayout;

const QStringList PlainTexts = {
    QStringLiteral("the market opened higher and everyone in the room had an opinion about it"),
    QStringLiteral("careful: CPI comes out at 10:30, the last two prints moved it by a percent"),
    QStringLiteral("bought 50 at 479.80, stop at 472"),
};
const QStringList MarkupTexts = {
    QStringLiteral("**NVDA** just broke *480* — see https://example.com/nvda?range=1d and `stop = 472`"),
    QStringLiteral("the stop I use:\n```\nstop = entry - 2 * atr(14)\nif price < stop: sell()\n```"),
    QStringLiteral("> the last two prints moved the whole market\nthat's why I'm ~~all in~~ half size"),
};

// A tenth of the rows answer, were edited and have reactions, as the client core will report.
class DecoratedModel : public models::MessageListModel
{
public:
    QVariant data(const QModelIndex &index, int role) const override
    {
        const qint64 seq = MessageListModel::data(index, SeqRole).toLongLong();
        if (seq % 10 != 0 || role < ReplyToRole || role > ChangePendingRole)
            return MessageListModel::data(index, role);
        switch (role) {
        case ReplyToRole: return seq - 3;
        case ReplyAuthorRole: return QStringLiteral("alice");
        case ReplyQuoteRole: return PlainTexts.first();
        case EditedAtRole: return MessageListModel::data(index, TimestampRole).toDateTime().addSecs(30);
        case ReactionsRole:
            return QVariantList {QVariantMap {{QStringLiteral("emoji"), QStringLiteral("👍")},
                                     {QStringLiteral("count"), 3},
                                     {QStringLiteral("users"), QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}},
                                     {QStringLiteral("mine"), false}},
                QVariantMap {{QStringLiteral("emoji"), QStringLiteral("🚀")}, {QStringLiteral("count"), 1},
                    {QStringLiteral("users"), QStringList {QStringLiteral("d")}}, {QStringLiteral("mine"), true}}};
        default: return MessageListModel::data(index, role);
        }
    }
};

long rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

MessageRowLayout::Message message(const QString &text, bool rich)
{
    MessageRowLayout::Message m;
    m.author = QStringLiteral("alice");
    m.text = text;
    m.timestamp = QDateTime::currentDateTime();
    if (rich) {
        m.replyTo = 7;
        m.replyAuthor = QStringLiteral("bob");
        m.replyQuote = PlainTexts.first();
        m.editedAt = m.timestamp;
        m.reactions = {{QStringLiteral("👍"), 3, {}, false}, {QStringLiteral("🚀"), 1, {}, true}};
    }
    return m;
}

// Microseconds per row to lay out `rows` messages.
double microsPerRow(const QList<MessageRowLayout::Message> &rows, const QFont &font, int width)
{
    QElapsedTimer timer;
    timer.start();
    for (const MessageRowLayout::Message &m : rows) {
        const MessageRowLayout layout(m, font, width);
        Q_UNUSED(layout.height())
    }
    return double(timer.nsecsElapsed()) / 1000.0 / qMax<qsizetype>(1, rows.size());
}

void measureRows()
{
    constexpr int Rows = 3000;
    const QFont font = QApplication::font();
    QList<MessageRowLayout::Message> plain, markup, parsed, state;
    for (int i = 0; i < Rows; ++i) {
        // Each its own string, as after decoding: nothing shared between rows.
        plain << message(PlainTexts.at(i % PlainTexts.size()) + QString::number(i), false);
        markup << message(MarkupTexts.at(i % MarkupTexts.size()) + QString::number(i), false);
        state << message(PlainTexts.at(i % PlainTexts.size()) + QString::number(i), true);
    }
    QElapsedTimer timer;
    timer.start();
    for (MessageRowLayout::Message m : std::as_const(markup)) {
        m.markup = ui::MessageMarkup::parse(m.text, QStringLiteral("me"));
        m.hasMarkup = true;
        parsed << m;
    }
    const double parseOnly = double(timer.nsecsElapsed()) / 1000.0 / Rows;
    microsPerRow(plain, font, 900); // warm the font caches
    std::printf("-- rows: MessageRowLayout at 900 px, %d rows each, microseconds per row\n", Rows);
    std::printf("  %-34s %8.1f\n", "plain text", microsPerRow(plain, font, 900));
    std::printf("  %-34s %8.1f\n", "Markdown, parsed and laid out", microsPerRow(markup, font, 900));
    std::printf("  %-34s %8.1f\n", "  of which the parse", parseOnly);
    std::printf("  %-34s %8.1f\n", "Markdown from its kept parse", microsPerRow(parsed, font, 700));
    std::printf("  %-34s %8.1f\n", "plain + quote, edited, 2 reactions", microsPerRow(state, font, 900));
    std::fflush(stdout);
}

void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// `decorated`: a tenth of the rows with Markdown, another tenth with a quote, an edit and two
// reactions; otherwise the same room in plain text, to compare with.
void measureRoom(int count, bool decorated)
{
    const long before = rssKiB();
    models::MessageListModel *model = decorated ? new DecoratedModel : new models::MessageListModel;
    model->setOwnUser(QStringLiteral("me"));
    model->setConversation(QStringLiteral("general"));
    const QStringList authors = {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
        QStringLiteral("dave"), QStringLiteral("erin"), QStringLiteral("me")};
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(count) * 20000;
    for (int first = 0; first < count; first += 200) {
        QList<client::ChatMessage> page;
        for (int i = first; i < qMin(count, first + 200); ++i) {
            client::ChatMessage m;
            m.room = QStringLiteral("general");
            m.seq = i + 1;
            m.from = authors.at(i % authors.size());
            const QStringList &texts = (decorated && m.seq % 10 == 5) ? MarkupTexts : PlainTexts;
            m.text = texts.at((i / 10) % texts.size()) + QString::number(i);
            m.ts = start + qint64(i) * 20000;
            m.clientId = QStringLiteral("c-%1-%2").arg(m.ts).arg(i);
            page.append(m);
        }
        model->addMessages(page);
    }
    const long withModel = rssKiB();

    ui::ChatView view;
    QElapsedTimer timer;
    timer.start();
    view.setModel(model);
    view.resize(900, 700);
    view.show();
    QListView *list = view.listView();
    QScrollBar *bar = list->verticalScrollBar();
    while (!(bar->maximum() > 0 && bar->value() == bar->maximum()))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double firstLayout = double(timer.nsecsElapsed()) / 1e9;
    settle(200);

    // Wheel-like steps (three lines of 8 px grid each) up through the newest 2,000 rows: each
    // step is what one frame of scrolling costs (the scroll, the rows coming into view laid out
    // and painted).
    const int targetTop = list->visualRect(model->index(qMax(0, count - 2000))).top() + bar->value();
    std::vector<double> steps;
    while (bar->value() > qMax(0, targetTop)) {
        timer.restart();
        bar->setValue(bar->value() - 3 * 8 * 3);
        list->viewport()->repaint();
        steps.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(steps.begin(), steps.end());
    const auto at = [&steps](double q) { return steps.empty() ? 0.0 : steps[size_t(q * (steps.size() - 1))]; };
    settle(200);
    const long withView = rssKiB();
    std::printf(decorated ? "-- room: %d messages, a tenth with Markdown and a tenth with a quote, an edit and 2 reactions\n"
                          : "-- room: %d messages of plain text (to compare)\n",
        count);
    std::printf("  %-22s %.2f s (every row measured once)\n", "first layout", firstLayout);
    std::printf("  %-22s %zu steps of 72 px: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", "scrolling",
        steps.size(), at(0.5), at(0.99), steps.empty() ? 0.0 : steps.back());
    std::printf("  %-22s %.1f MiB before, %.1f MiB with the model, %.1f MiB with the view\n", "RSS",
        double(before) / 1024, double(withModel) / 1024, double(withView) / 1024);
    std::fflush(stdout);
    view.setModel(nullptr);
    delete model;
}

} // namespace

void runRowCost(int messages)
{
    measureRows();
    measureRoom(messages, false);
    measureRoom(messages, true);
}

} // namespace bench
