#pragma once

// What a MainWindow runs on, against the real server in the test's process: alice's
// connection, session and controllers, for suites that make windows on it (several in a
// row, to compare them or to see what one kept for the next).
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "models/ChatController.h"
#include "models/MarketController.h"
#include "ui/MainWindow.h"

#include <QTemporaryDir>

#include <memory>

struct ChatStack
{
    // Starts the session as alice, joins `rooms` and opens the first.
    bool start(const QStringList &rooms)
    {
        QString error;
        if (!server.isRunning()
            || !session.start(server.url(), {QStringLiteral("alice"), {}, QStringLiteral("alice-pc"), QStringLiteral("test")},
                              dir.path(), &error))
            return false;
        controller = std::make_unique<sb::models::ChatController>(session);
        market = std::make_unique<sb::models::MarketController>(session.tickers());
        for (const QString &room : rooms)
            controller->joinRoom(room);
        controller->openConversation(rooms.value(0));
        return true;
    }

    sb::ui::MainWindow::Parts windowParts()
    {
        return {*controller, *market, session, connection, session.outbox()};
    }

    QTemporaryDir dir;
    TestServer server;
    sb::client::ConnectionManager connection;
    sb::client::Session session{connection};
    std::unique_ptr<sb::models::ChatController> controller; // destroyed before the session
    std::unique_ptr<sb::models::MarketController> market;
};
