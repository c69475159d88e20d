#pragma once

#include <QStringView>

namespace sb::models {

// Whether a message mentions a user: "@name" or the bare name as a whole word, ignoring case.
// A word boundary is anything but a letter, digit or underscore, so "@bob," and "bob's" mention
// bob while "bobby" and "kabob" do not. A plain scan, no regular expression: it runs once for
// every message that enters a conversation, 100,000 of them on a long scrollback.
class MentionMatcher {
public:
    static bool mentions(QStringView text, QStringView name);

private:
    static bool isWordChar(QChar c) { return c.isLetterOrNumber() || c == u'_'; }
};

} // namespace sb::models
