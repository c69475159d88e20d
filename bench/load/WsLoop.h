#pragma once

#include <netinet/in.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bench {

// Monotonic nanoseconds, comparable across the generator's threads.
uint64_t nowNs();

// One client WebSocket, as cheap as it can be: a non-blocking socket, the bytes not parsed yet
// and the bytes the kernel did not take yet. No Qt objects, so 15,000 of them cost little and
// the generator does not become the bottleneck it measures.
struct WsConn
{
    enum class State { Connecting, Upgrading, Open, Closed };

    int fd = -1;
    int index = 0;           // the scenario's number for this connection
    State state = State::Connecting;
    bool cbor = false;       // switchboard.v1+cbor (binary frames) instead of JSON
    bool wantWrite = false;  // EPOLLOUT armed
    uint16_t closeCode = 0;  // from the server's Close frame, 0 when none came
    std::string in;          // received, not parsed yet
    std::string out;         // to send, the kernel did not take it yet
    void *user = nullptr;    // the scenario's per-connection state
};

// A single-threaded epoll loop over many WsConns: connects, performs the opening handshake,
// answers Pings, parses frames (the server's frames are never masked) and hands every data
// message to the scenario. A generator runs one loop per thread.
class WsLoop
{
public:
    struct Handlers
    {
        std::function<void(WsConn &)> opened;  // handshake done: send hello
        std::function<void(WsConn &, const char *data, size_t size)> message;
        std::function<void(WsConn &)> closed;
        std::function<void(uint64_t nowNs)> tick; // about every millisecond
    };

    explicit WsLoop(Handlers handlers);
    ~WsLoop();
    WsLoop(const WsLoop &) = delete;
    WsLoop &operator=(const WsLoop &) = delete;

    // Starts a non-blocking connect from `source` (its port is left to the kernel) to `target`.
    // Null when the socket cannot even be created (file descriptors exhausted).
    WsConn *connect(const sockaddr_in &source, const sockaddr_in &target, int index, bool cbor);
    // One message in a single frame: text for JSON, binary for CBOR. Client frames must be
    // masked; an all-zero key is valid and leaves the payload as it is (no copy to XOR).
    void send(WsConn &conn, const char *data, size_t size);
    void send(WsConn &conn, const std::string &data) { send(conn, data.data(), data.size()); }

    // Connections between connect() and the 101 response: callers pace new connects by it,
    // since the server's listen backlog is small.
    int handshaking() const { return m_handshaking; }
    const std::vector<std::unique_ptr<WsConn>> &connections() const { return m_conns; }

    // Pings the server sent, all answered with a Pong (heartbeats seen by this loop).
    uint64_t pingsAnswered() const { return m_pings; }

    // Runs until `stop` is set; then closes every socket.
    void run(const std::atomic<bool> &stop);

private:
    void onWritable(WsConn &conn);
    void onReadable(WsConn &conn);
    void parse(WsConn &conn, const char *data, size_t size);
    size_t parseFrames(WsConn &conn, const char *data, size_t size);
    void sendFrame(WsConn &conn, uint8_t opcode, const char *data, size_t size);
    void writeRaw(WsConn &conn, const char *data, size_t size);
    void setWantWrite(WsConn &conn, bool want);
    void fail(WsConn &conn);

    Handlers m_handlers;
    int m_epoll = -1;
    int m_handshaking = 0;
    uint64_t m_pings = 0;
    std::vector<std::unique_ptr<WsConn>> m_conns;
    std::vector<char> m_readBuffer;
    std::string m_frame; // scratch for one outgoing frame
};

} // namespace bench
