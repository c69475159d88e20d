#pragma once

// Plain HTTP GET for the suites that read the metrics port (/metrics, /healthz).
#include "server/Server.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QUrl>

struct HttpReply
{
    int status = 0; // 0: no reply in time
    QByteArray contentType;
    QByteArray body;
};

inline HttpReply httpGet(const QUrl &url)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy); // a proxy from the environment must not answer
    QNetworkReply *reply = manager.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpReply result;
    if (reply->isFinished() || finished.wait(10000)) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        result.body = reply->readAll();
    }
    delete reply;
    return result;
}

inline QUrl metricsUrl(sb::server::Server &server, const QString &path = QStringLiteral("/metrics"))
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(server.metricsPort());
    url.setPath(path);
    return url;
}

