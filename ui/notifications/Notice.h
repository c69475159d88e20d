#pragma once

#include <QString>

namespace sb::ui {

// What one desktop notification says about one conversation: the latest message, and how many
// arrived since that conversation's notification was last closed.
struct Notice
{
    QString conversation; // room name, or "@peer"
    QString summary;
    QString body;
    int count = 0;
};

} // namespace sb::ui
