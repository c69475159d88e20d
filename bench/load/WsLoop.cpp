#include "WsLoop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace bench {

uint64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

namespace {
constexpr size_t ReadChunk = 256 * 1024;
// The key is not checked by anyone here; the server only needs a well-formed one.
const char UpgradeTemplate[] = "GET / HTTP/1.1\r\n"
                               "Host: %s:%u\r\n"
                               "Upgrade: websocket\r\n"
                               "Connection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Sec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Protocol: %s\r\n\r\n";
enum Opcode : uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };
} // namespace

WsLoop::WsLoop(Handlers handlers)
    : m_handlers(std::move(handlers))
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_readBuffer(ReadChunk)
{
}

WsLoop::~WsLoop()
{
    for (auto &conn : m_conns)
        if (conn->fd >= 0)
            ::close(conn->fd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

WsConn *WsLoop::connect(const sockaddr_in &source, const sockaddr_in &target, int index, bool cbor)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return nullptr;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Many connections from one source address: let connect() pick the port per destination,
    // not bind() per address (which would cap each source at the ephemeral range once).
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (source.sin_addr.s_addr != 0 && ::bind(fd, reinterpret_cast<const sockaddr *>(&source), sizeof source) != 0) {
        ::close(fd);
        return nullptr;
    }
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&target), sizeof target) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return nullptr;
    }
    auto conn = std::make_unique<WsConn>();
    conn->fd = fd;
    conn->index = index;
    conn->cbor = cbor;
    conn->wantWrite = true;
    // The HTTP request waits in `out` until the connect completes (first EPOLLOUT).
    char host[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &target.sin_addr, host, sizeof host);
    char request[512];
    const int n = std::snprintf(request, sizeof request, UpgradeTemplate, host, unsigned(ntohs(target.sin_port)),
                                cbor ? "switchboard.v1+cbor" : "switchboard.v1+json");
    conn->out.assign(request, size_t(n));
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.ptr = conn.get();
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    ++m_handshaking;
    m_conns.push_back(std::move(conn));
    return m_conns.back().get();
}

void WsLoop::setWantWrite(WsConn &conn, bool want)
{
    if (conn.wantWrite == want || conn.fd < 0)
        return;
    conn.wantWrite = want;
    epoll_event event{};
    event.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    event.data.ptr = &conn;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, conn.fd, &event);
}

void WsLoop::fail(WsConn &conn)
{
    if (conn.state == WsConn::State::Closed)
        return;
    if (conn.state == WsConn::State::Connecting || conn.state == WsConn::State::Upgrading)
        --m_handshaking;
    conn.state = WsConn::State::Closed;
    if (conn.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, conn.fd, nullptr);
        ::close(conn.fd);
        conn.fd = -1;
    }
    conn.in.clear();
    conn.out.clear();
    if (m_handlers.closed)
        m_handlers.closed(conn);
}

void WsLoop::writeRaw(WsConn &conn, const char *data, size_t size)
{
    if (conn.fd < 0)
        return;
    if (!conn.out.empty() || conn.state == WsConn::State::Connecting) {
        conn.out.append(data, size); // keep the order behind what is queued
        return;
    }
    const ssize_t sent = ::send(conn.fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        fail(conn);
        return;
    }
    const size_t done = sent < 0 ? 0 : size_t(sent);
    if (done < size) {
        conn.out.append(data + done, size - done);
        setWantWrite(conn, true);
    }
}

void WsLoop::sendFrame(WsConn &conn, uint8_t opcode, const char *data, size_t size)
{
    m_frame.clear();
    m_frame.push_back(char(0x80 | opcode));
    if (size < 126) {
        m_frame.push_back(char(0x80 | size));
    } else if (size < 65536) {
        m_frame.push_back(char(0x80 | 126));
        m_frame.push_back(char(size >> 8));
        m_frame.push_back(char(size & 0xff));
    } else {
        m_frame.push_back(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            m_frame.push_back(char((uint64_t(size) >> shift) & 0xff));
    }
    m_frame.append(4, '\0'); // masking key 0: payload unchanged
    m_frame.append(data, size);
    writeRaw(conn, m_frame.data(), m_frame.size());
}

void WsLoop::send(WsConn &conn, const char *data, size_t size)
{
    if (conn.state == WsConn::State::Open)
        sendFrame(conn, conn.cbor ? Binary : Text, data, size);
}

void WsLoop::onWritable(WsConn &conn)
{
    if (conn.state == WsConn::State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            fail(conn);
            return;
        }
        conn.state = WsConn::State::Upgrading;
    }
    while (!conn.out.empty()) {
        const ssize_t sent = ::send(conn.fd, conn.out.data(), conn.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            fail(conn);
            return;
        }
        conn.out.erase(0, size_t(sent));
    }
    setWantWrite(conn, false);
}

void WsLoop::onReadable(WsConn &conn)
{
    const ssize_t n = ::recv(conn.fd, m_readBuffer.data(), m_readBuffer.size(), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        fail(conn);
        return;
    }
    if (n < 0)
        return;
    if (conn.in.empty()) {
        parse(conn, m_readBuffer.data(), size_t(n));
    } else {
        conn.in.append(m_readBuffer.data(), size_t(n));
        std::string pending;
        pending.swap(conn.in);
        parse(conn, pending.data(), pending.size());
    }
}

// Consumes what it can of `data`; keeps the unparsed rest in conn.in.
void WsLoop::parse(WsConn &conn, const char *data, size_t size)
{
    size_t used = 0;
    if (conn.state == WsConn::State::Upgrading) {
        const char *end = static_cast<const char *>(memmem(data, size, "\r\n\r\n", 4));
        if (!end) {
            conn.in.assign(data, size);
            return;
        }
        --m_handshaking;
        if (size < 12 || std::memcmp(data, "HTTP/1.1 101", 12) != 0) {
            ++m_handshaking; // fail() counts it down again
            fail(conn);
            return;
        }
        conn.state = WsConn::State::Open;
        used = size_t(end - data) + 4;
        if (m_handlers.opened)
            m_handlers.opened(conn);
    }
    if (conn.state != WsConn::State::Open)
        return;
    used += parseFrames(conn, data + used, size - used);
    if (conn.state == WsConn::State::Open && used < size)
        conn.in.assign(data + used, size - used);
}

size_t WsLoop::parseFrames(WsConn &conn, const char *data, size_t size)
{
    const auto *bytes = reinterpret_cast<const uint8_t *>(data);
    size_t pos = 0;
    while (size - pos >= 2 && conn.state == WsConn::State::Open) {
        const uint8_t opcode = bytes[pos] & 0x0f;
        uint64_t length = bytes[pos + 1] & 0x7f;
        size_t header = 2;
        if (length == 126) {
            if (size - pos < 4)
                break;
            length = (uint64_t(bytes[pos + 2]) << 8) | bytes[pos + 3];
            header = 4;
        } else if (length == 127) {
            if (size - pos < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | bytes[pos + 2 + i];
            header = 10;
        }
        if (size - pos - header < length)
            break;
        const char *payload = data + pos + header;
        pos += header + size_t(length);
        switch (opcode) {
        case Text:
        case Binary:
        case Continuation:
            if (m_handlers.message)
                m_handlers.message(conn, payload, size_t(length));
            break;
        case Ping:
            ++m_pings;
            sendFrame(conn, Pong, payload, size_t(length));
            break;
        case Close:
            conn.closeCode = length >= 2 ? uint16_t((uint8_t(payload[0]) << 8) | uint8_t(payload[1])) : 1005;
            fail(conn);
            return pos;
        default:
            break;
        }
    }
    return pos;
}

void WsLoop::run(const std::atomic<bool> &stop)
{
    epoll_event events[512];
    uint64_t lastTick = 0;
    while (!stop.load(std::memory_order_relaxed)) {
        const int n = epoll_wait(m_epoll, events, 512, 1);
        for (int i = 0; i < n; ++i) {
            auto &conn = *static_cast<WsConn *>(events[i].data.ptr);
            if (conn.state == WsConn::State::Closed)
                continue;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) {
                if (!(events[i].events & EPOLLIN)) {
                    fail(conn);
                    continue;
                }
            }
            if (events[i].events & EPOLLOUT)
                onWritable(conn);
            if ((events[i].events & EPOLLIN) && conn.state != WsConn::State::Closed
                && conn.state != WsConn::State::Connecting)
                onReadable(conn);
        }
        const uint64_t now = nowNs();
        if (m_handlers.tick && now - lastTick >= 1000000) {
            lastTick = now;
            m_handlers.tick(now);
        }
    }
}

} // namespace bench
