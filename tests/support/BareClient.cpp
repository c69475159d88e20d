#include "BareClient.h"

#include <QTest>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

BareClient::~BareClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool BareClient::connectTo(quint16 port)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
}

bool BareClient::send(const QByteArray &bytes)
{
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent),
            MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            received(); // the server may be waiting for us to read before it reads on
            QTest::qWait(1);
            continue;
        }
        m_end = End::Reset; // EPIPE or ECONNRESET: the peer's kernel refused what we sent
        return false;
    }
    return true;
}

const QByteArray &BareClient::received()
{
    char chunk[4096];
    // A reset seen by send() still leaves what arrived before it readable.
    while (!m_readingDone) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            m_received.append(chunk, n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break; // nothing more for now
        m_readingDone = true;
        if (m_end == End::Open)
            m_end = n == 0 ? End::Closed : End::Reset;
    }
    return m_received;
}
