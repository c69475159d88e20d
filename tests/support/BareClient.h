#pragma once

#include <QByteArray>
#include <QtGlobal>

// A TCP client over a bare POSIX descriptor, on loopback: no QTcpSocket, so it allocates nothing
// in the process it tests (tst_plainlistener measures the heap), sends each send() as a segment of
// its own (Nagle off), and tells a clean end (FIN) from a reset, which Qt's sockets report alike.
// The server under test runs in the same thread: whatever waits here runs the event loop.
class BareClient {
public:
    enum class End { Open, Closed, Reset }; // Closed: the peer's FIN arrived

    BareClient() = default;
    BareClient(const BareClient &) = delete;
    BareClient &operator=(const BareClient &) = delete;
    ~BareClient();

    bool connectTo(quint16 port);
    // All of `bytes`, in one send() when the kernel takes it (so bytes sent together share a
    // segment); while the kernel's buffer is full, the event loop runs. False once the peer
    // reset the connection.
    bool send(const QByteArray &bytes);
    // Everything that arrived so far, without waiting.
    const QByteArray &received();
    // How the connection ended, as far as received() and send() have seen.
    End end() const { return m_end; }

private:
    int m_fd = -1;
    QByteArray m_received;
    End m_end = End::Open;
    bool m_readingDone = false; // recv() reported the end
};
