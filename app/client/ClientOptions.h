#pragma once

#include "client/ConnectionManager.h"

#include <QStringList>
#include <QUrl>

// switchboard's command line, over the saved settings: what is given here wins for this run.
struct ClientOptions
{
    QUrl server;
    bool serverGiven = false; // on the command line: no first-run dialog
    sb::client::Identity identity;
    QString dataDir;        // local cache and outbox
    QStringList rooms;      // rooms to join at start (besides those remembered)
    bool headless = false;  // no window: connection logic only, state changes to the log
    QString screenshot;     // render the window to this PNG after connecting, then quit
    int screenshotDelayMs = 1500;
    QString theme;          // --theme for this run ("" = the saved one); never saved

    // Parses the arguments; prints help/version/errors and returns false when the program
    // should exit (with `exitCode`). Needs no application object: it runs before one exists,
    // so --help, --version and a bad option work without a display.
    bool parse(const QStringList &arguments, int *exitCode);
    static QStringList argumentsOf(int argc, char *argv[]);
};
