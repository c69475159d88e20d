#include "BeastWsEngine.h"

#include "protocol/Utf8.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

Q_LOGGING_CATEGORY(lcBeastWsEngine, "switchboard.server.ws.beast")

namespace sb::server::beastws {

namespace net = boost::asio;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using boost::system::error_code;

namespace {
// Connect storms (a server restart with thousands of clients) overflow a small backlog.
constexpr int ListenBacklog = 1024;
// A request head larger than this is refused with 431 (browsers' cookies stay far below).
constexpr std::size_t MaxRequestBytes = 16 * 1024;

// What a server frame of `payloadBytes` costs on the wire: unmasked, a 2, 4 or 10 byte header.
qint64 frameBytes(qint64 payloadBytes)
{
    return payloadBytes + (payloadBytes < 126 ? 2 : payloadBytes < 65536 ? 4 : 10);
}

QByteArray toQByteArray(boost::beast::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}
} // namespace

// Beast's stream over this instead of a bare tcp::socket, for the teardown below.
class DrainingSocket : public tcp::socket {
public:
    explicit DrainingSocket(tcp::socket socket)
        : tcp::socket(std::move(socket))
    {
    }
    // Both Closes were exchanged: the server may end TCP (it should be first, RFC 6455 7.1.1).
    bool closeHandshakeDone = false;
};

// What happens to TCP once Beast sent its Close (found by ADL: an exact match beats Beast's own
// for tcp::socket). Beast 1.81's own server teardown sends a FIN at once and then reads a single
// chunk before closing, so a client still writing gets a reset, which may discard the Close
// before the client read it (tst_wsconformance, serverCloseWaitsForThePeersClose). This one
// keeps reading and discarding until the peer ends TCP or DrainTimeout, and ends TCP itself only
// after the peer's Close: at once after a closing handshake; after a failure (1002, 1007, 1009:
// Beast does not say where the frames stand) when a read holds whole frames ending in a Close.
constexpr std::chrono::milliseconds DrainTimeout(2000);

// True when `bytes` are whole, well-formed client frames (masked, no reserved bits or opcodes)
// and the last is a Close. A client's writes after a failure usually reach one read each, so
// this finds its Close; when not, DrainTimeout ends the wait.
bool endsWithClientClose(const quint8 *bytes, std::size_t size)
{
    std::size_t at = 0;
    bool close = false;
    while (at < size) {
        if (size - at < 2)
            return false;
        const quint8 opcode = bytes[at] & 0x0F;
        const bool known = opcode <= 2 || (opcode >= 8 && opcode <= 10);
        if ((bytes[at] & 0x70) != 0 || !known || (bytes[at + 1] & 0x80) == 0)
            return false;
        std::uint64_t length = bytes[at + 1] & 0x7F;
        std::size_t header = 2;
        if (length >= 126) {
            const std::size_t extra = length == 126 ? 2 : 8;
            if (size - at < 2 + extra)
                return false;
            length = 0;
            for (std::size_t i = 0; i < extra; ++i)
                length = (length << 8) | bytes[at + 2 + i];
            header += extra;
        }
        header += 4; // the mask
        if (length > size - at || header > size - at - length)
            return false;
        close = opcode == 8;
        at += header + std::size_t(length);
    }
    return close;
}

template <class Handler>
class Drain : public std::enable_shared_from_this<Drain<Handler>> {
public:
    Drain(DrainingSocket &socket, Handler handler)
        : m_socket(socket)
        , m_handler(std::move(handler))
        , m_deadline(socket.get_executor())
    {
    }

    void start()
    {
        if (m_socket.closeHandshakeDone)
            endTcp();
        m_deadline.expires_after(DrainTimeout);
        m_deadline.async_wait([self = this->shared_from_this()](error_code ec) {
            if (!ec)
                self->finish({});
        });
        read();
    }

private:
    void read()
    {
        m_socket.async_read_some(net::buffer(m_chunk),
            [self = this->shared_from_this()](error_code ec, std::size_t size) {
                if (self->m_finished)
                    return;
                if (ec)
                    return self->finish(ec == net::error::eof ? error_code() : ec);
                if (!self->m_socket.closeHandshakeDone
                    && endsWithClientClose(self->m_chunk.data(), size))
                    self->endTcp();
                self->read();
            });
    }
    void endTcp()
    {
        m_socket.closeHandshakeDone = true;
        error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_send, ignored);
    }
    void finish(error_code ec)
    {
        m_finished = true;
        m_deadline.cancel();
        error_code ignored;
        m_socket.close(ignored);
        net::post(boost::beast::bind_front_handler(std::move(m_handler), ec));
    }

    DrainingSocket &m_socket;
    Handler m_handler;
    net::steady_timer m_deadline;
    std::array<quint8, 2048> m_chunk;
    bool m_finished = false;
};

template <class TeardownHandler>
void async_teardown(boost::beast::role_type, DrainingSocket &socket, TeardownHandler &&handler)
{
    std::make_shared<Drain<std::decay_t<TeardownHandler>>>(
        socket, std::forward<TeardownHandler>(handler))
        ->start();
}

class Session;
class Connection;
using SessionPtr = std::shared_ptr<Session>;

// From the I/O thread to the Qt thread.
struct Event {
    enum Kind : quint8 { Accepted, Message, Pong, BytesWritten, Error, Closed };
    Kind kind;
    bool binary = false;
    SessionPtr session;
    QByteArray payload; // the message, or the error's text
};

// From the Qt thread to the I/O thread.
struct Command {
    enum Kind : quint8 { StartReading, Send, Ping, Close, Abort };
    Kind kind;
    bool binary = false;
    quint16 closeCode = 0;
    SessionPtr session;
    QByteArray bytes; // a message (shared with every other member it goes to) or a close reason
};

// The opening handshake's verdict on a request (RFC 6455 4.2.1 and 4.2.2).
struct Verdict {
    unsigned status = 101;
    const char *extraHeader = nullptr; // e.g. the versions the server speaks, with a 426
    int subprotocol = -1; // index into WsEngineOptions::subprotocols; -1: none
};

Verdict judge(const http::request<http::empty_body> &request, const WsEngineOptions &options)
{
    if (!websocket::is_upgrade(request))
        return { 400 };
    const auto key = request[http::field::sec_websocket_key];
    // The base64 of 16 bytes and nothing else.
    const auto decoded = QByteArray::fromBase64Encoding(
        toQByteArray(key), QByteArray::AbortOnBase64DecodingErrors);
    if (key.size() != 24 || !decoded || decoded.decoded.size() != 16)
        return { 400 };
    const auto version = request[http::field::sec_websocket_version];
    if (version.empty())
        return { 400 };
    if (version != "13")
        return { 426, "Sec-WebSocket-Version: 13\r\n" };
    // Browsers send Origin and must come from a page we serve; native clients send none and
    // are let through (they authenticate with hello like everyone).
    const QString origin = QString::fromUtf8(toQByteArray(request[http::field::origin]));
    if (!options.allowedOrigins.isEmpty() && !origin.isEmpty()
        && !options.allowedOrigins.contains(origin)) {
        qCInfo(lcBeastWsEngine) << "refused a browser from origin" << origin;
        return { 403 };
    }
    // The client's first offer that the server speaks; none: the server's default (JSON).
    Verdict verdict;
    const auto offers = request.equal_range(http::field::sec_websocket_protocol);
    for (auto field = offers.first; field != offers.second && verdict.subprotocol < 0; ++field) {
        for (const QByteArray &offer : toQByteArray(field->value()).split(',')) {
            verdict.subprotocol = int(options.subprotocols.indexOf(QString::fromUtf8(offer.trimmed())));
            if (verdict.subprotocol >= 0)
                break;
        }
    }
    return verdict;
}

const char *reasonPhrase(unsigned status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    }
    return "Error";
}

// Everything the engine's connections share: the I/O thread and the two batches between it and
// the Qt thread. Kept alive by the engine and by every connection it handed out, so a socket is
// never destroyed after its io_context.
// Handlers in io capture the Runtime raw: io is its member, so they never outlive it, and a
// shared pointer there would keep it (and every socket) alive for good after stop().
class Runtime : public std::enable_shared_from_this<Runtime> {
public:
    Runtime(WsEngineOptions engineOptions, BeastWsEngine *engine)
        : options(std::move(engineOptions))
        , m_engine(engine)
    {
    }

    // Qt thread
    bool listen(const QHostAddress &address, quint16 port, QString *error, quint16 *bound);
    void stopAccepting();
    void stop();
    void command(Command command);
    std::function<void(WsConnection *)> accepted;

    // I/O thread
    void event(Event event);

    net::io_context io { 1 };
    const WsEngineOptions options;

private:
    void acceptNext(); // I/O thread
    void runCommands(); // I/O thread
    void deliverEvents(); // Qt thread

    net::executor_work_guard<net::io_context::executor_type> m_work { io.get_executor() };
    tcp::acceptor m_acceptor { io };
    net::steady_timer m_acceptRetry { io };
    std::thread m_thread;
    std::atomic<BeastWsEngine *> m_engine; // null once it is gone
    // Declared after io so that they go first: what they hold has sockets of io.
    std::mutex m_commandsMutex;
    std::vector<Command> m_commands;
    std::mutex m_eventsMutex;
    std::vector<Event> m_events;
};

// One connection on the I/O thread: the opening handshake, then Beast's stream. Beast answers
// pings, fails bad frames with the right code (1002, 1007, 1009), checks UTF-8 across
// fragments, and after a Close reads on until the peer's Close or its timeout.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(Runtime &runtime, tcp::socket socket)
        : m_runtime(runtime)
        , m_ws(DrainingSocket(std::move(socket)))
    {
    }

    void startHandshake();
    void run(Command &command);

    // Read-only once Accepted was sent.
    QHostAddress peerAddress() const { return QHostAddress(QString::fromStdString(m_peer.to_string())); }
    int subprotocol() const { return m_subprotocol; }

    // Bytes of frames handed to send() that the kernel has not taken yet (any thread).
    std::atomic<qint64> unsent { 0 };
    // A BytesWritten event is on its way: later writes fold into it.
    std::atomic<bool> bytesWrittenQueued { false };
    // Qt thread only.
    Connection *qtSide = nullptr;

private:
    struct Handshake {
        explicit Handshake(const net::any_io_executor &executor)
            : deadline(executor)
        {
        }
        net::steady_timer deadline;
        std::string head; // the request as read so far
        http::request_parser<http::empty_body> parser;
        std::string refusal; // an error response on its way
    };
    struct Outgoing {
        QByteArray bytes;
        bool binary;
    };

    void readRequestHead();
    void upgrade(const Verdict &verdict);
    void refuse(unsigned status, const char *extraHeader = nullptr);
    void upgraded(error_code ec);

    void startReading();
    void send(QByteArray bytes, bool binary);
    void writeNext();
    void written(error_code ec);
    void close(quint16 code, QByteArray reason);
    void startClose();
    void ping();
    void abort();
    void ended(error_code ec);
    void post(Event::Kind kind, QByteArray payload = {}, bool binary = false);

    Runtime &m_runtime;
    websocket::stream<DrainingSocket> m_ws;
    std::unique_ptr<Handshake> m_handshake; // only while the opening handshake runs
    boost::beast::flat_buffer m_readBuffer; // emptied and freed after each message
    QByteArray m_writing; // the message Beast is writing
    QList<Outgoing> m_queue; // waiting behind it; no allocation while empty
    QByteArray m_closeReason;
    net::ip::address m_peer;
    quint16 m_closeCode = 0;
    qint8 m_subprotocol = -1;
    bool m_open = false;
    bool m_pinging = false;
    bool m_closeWanted = false;
    bool m_closeStarted = false;
    bool m_ended = false;
};

// The Qt side of a Session: what the server holds.
class Connection : public WsConnection {
public:
    Connection(std::shared_ptr<Runtime> runtime, SessionPtr session)
        : m_runtime(std::move(runtime))
        , m_session(std::move(session))
    {
    }
    ~Connection() override
    {
        m_session->qtSide = nullptr;
        // A connection being closed finishes its closing handshake on its own (bounded by the
        // handshake timeout); any other is dropped.
        if (!m_closeRequested)
            command(Command::Abort);
    }

    // Null until attached.
    Handler *handler() const { return m_handler; }

    void attach(QObject *, Handler *handler) override
    {
        // No Qt object per connection: events stop when this is deleted (with its owner).
        m_handler = handler;
        command(Command::StartReading);
    }
    QHostAddress peerAddress() const override { return m_session->peerAddress(); }
    QString subprotocol() const override
    {
        const int index = m_session->subprotocol();
        return index < 0 ? QString() : m_runtime->options.subprotocols.at(index);
    }
    void send(const WsMessage &message) override
    {
        m_session->unsent.fetch_add(frameBytes(message.bytes().size()), std::memory_order_relaxed);
        m_runtime->command({ Command::Send, message.isBinary(), 0, m_session, message.bytes() });
    }
    void ping() override { command(Command::Ping); }
    void close(quint16 code, const QString &reason) override
    {
        m_closeRequested = true;
        m_runtime->command(
            { Command::Close, false, code, m_session, protocol::truncateUtf8(reason, 123) });
    }
    void abort() override { command(Command::Abort); }
    qint64 unsentBytes() const override { return m_session->unsent.load(std::memory_order_relaxed); }

private:
    void command(Command::Kind kind) { m_runtime->command({ kind, false, 0, m_session, {} }); }

    std::shared_ptr<Runtime> m_runtime;
    SessionPtr m_session;
    Handler *m_handler = nullptr;
    bool m_closeRequested = false;
};

// --- Runtime ---------------------------------------------------------------------------------

bool Runtime::listen(const QHostAddress &address, quint16 port, QString *error, quint16 *bound)
{
    error_code ec;
    const bool dualStack = address == QHostAddress::Any;
    const net::ip::address ip = dualStack ? net::ip::address(net::ip::address_v6::any())
                                          : net::ip::make_address(address.toString().toStdString(), ec);
    const tcp::endpoint endpoint(ip, port);
    if (!ec)
        m_acceptor.open(endpoint.protocol(), ec);
    if (!ec && ip.is_v6())
        m_acceptor.set_option(net::ip::v6_only(!dualStack), ec);
    if (!ec)
        m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(ListenBacklog, ec);
    if (ec) {
        *error = QString::fromStdString(ec.message());
        m_acceptor.close(ec);
        return false;
    }
    *bound = m_acceptor.local_endpoint().port();
    net::post(io, [this] { acceptNext(); });
    if (!m_thread.joinable())
        m_thread = std::thread([this] { io.run(); });
    return true;
}

void Runtime::stopAccepting()
{
    net::post(io, [this] {
        error_code ignored;
        m_acceptor.close(ignored);
        m_acceptRetry.cancel();
    });
}

void Runtime::stop()
{
    // Connections still held by the server keep their sockets (and this) until they go; the
    // handlers left in io are destroyed with it.
    m_engine = nullptr;
    io.stop();
    if (m_thread.joinable())
        m_thread.join();
    std::scoped_lock lock(m_commandsMutex, m_eventsMutex);
    m_commands.clear();
    m_events.clear();
}

void Runtime::acceptNext()
{
    m_acceptor.async_accept([this](error_code ec, tcp::socket socket) {
        if (!m_acceptor.is_open())
            return;
        if (ec) {
            // Out of descriptors, most likely: try again a little later instead of spinning.
            qCWarning(lcBeastWsEngine) << "accept failed:" << ec.message().c_str();
            m_acceptRetry.expires_after(std::chrono::milliseconds(100));
            m_acceptRetry.async_wait([this](error_code waited) {
                if (!waited)
                    acceptNext();
            });
            return;
        }
        // Acks and small messages must not wait for the peer's delayed ACK (Nagle).
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(*this, std::move(socket))->startHandshake();
        acceptNext();
    });
}

void Runtime::command(Command command)
{
    bool wake;
    {
        std::lock_guard lock(m_commandsMutex);
        wake = m_commands.empty();
        m_commands.push_back(std::move(command));
    }
    // One wake-up per batch: a broadcast to every member of a room is one post.
    if (wake)
        net::post(io, [this] { runCommands(); });
}

void Runtime::runCommands()
{
    std::vector<Command> batch;
    {
        std::lock_guard lock(m_commandsMutex);
        batch.swap(m_commands);
    }
    for (Command &command : batch)
        command.session->run(command);
}

void Runtime::event(Event event)
{
    bool wake;
    {
        std::lock_guard lock(m_eventsMutex);
        wake = m_events.empty();
        m_events.push_back(std::move(event));
    }
    BeastWsEngine *engine = m_engine.load();
    if (wake && engine)
        QMetaObject::invokeMethod(
            engine, [self = shared_from_this()] { self->deliverEvents(); }, Qt::QueuedConnection);
}

void Runtime::deliverEvents()
{
    std::vector<Event> batch;
    {
        std::lock_guard lock(m_eventsMutex);
        batch.swap(m_events);
    }
    for (Event &event : batch) {
        Session &session = *event.session;
        if (event.kind == Event::Accepted) {
            auto *connection = new Connection(shared_from_this(), event.session);
            session.qtSide = connection;
            accepted(connection);
            continue;
        }
        if (event.kind == Event::BytesWritten)
            session.bytesWrittenQueued.store(false, std::memory_order_relaxed);
        // Looked up for each event: a handler may have deleted another connection.
        WsConnection::Handler *handler = session.qtSide ? session.qtSide->handler() : nullptr;
        if (!handler)
            continue;
        switch (event.kind) {
        case Event::Message:
            handler->wsMessage(event.payload, event.binary);
            break;
        case Event::Pong:
            handler->wsPong();
            break;
        case Event::BytesWritten:
            handler->wsBytesWritten();
            break;
        case Event::Error:
            handler->wsError(QString::fromUtf8(event.payload));
            break;
        case Event::Closed:
            handler->wsClosed();
            break;
        case Event::Accepted:
            break;
        }
    }
}

// --- Session: the opening handshake ------------------------------------------------------------

void Session::startHandshake()
{
    error_code ec;
    m_peer = m_ws.next_layer().remote_endpoint(ec).address();
    m_ws.next_layer().non_blocking(true, ec);
    m_handshake = std::make_unique<Handshake>(m_ws.get_executor());
    m_handshake->parser.header_limit(MaxRequestBytes);
    // A half-finished handshake holds a socket for nothing.
    m_handshake->deadline.expires_after(std::chrono::milliseconds(m_runtime.options.handshakeTimeoutMs));
    m_handshake->deadline.async_wait([self = shared_from_this()](error_code waited) {
        if (!waited)
            self->abort();
    });
    readRequestHead();
}

void Session::readRequestHead()
{
    // Frames may follow the request in the same segment (a client need not wait for the 101).
    // They must stay in the socket for Beast, so the head is peeked, and only the bytes up to
    // its end are taken.
    m_ws.next_layer().async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) {
        Handshake *handshake = self->m_handshake.get();
        if (ec || !handshake)
            return;
        tcp::socket &socket = self->m_ws.next_layer();
        std::string &head = handshake->head;
        const std::size_t had = head.size();
        head.resize(MaxRequestBytes);
        const std::size_t peeked = socket.receive(
            net::buffer(head.data() + had, head.size() - had), tcp::socket::message_peek, ec);
        if (ec == net::error::would_block) {
            head.resize(had);
            return self->readRequestHead();
        }
        if (ec || peeked == 0)
            return self->abort();
        head.resize(had + peeked);
        const std::size_t end = head.find("\r\n\r\n", had >= 3 ? had - 3 : 0);
        const std::size_t take = end == std::string::npos ? peeked : end + 4 - had;
        socket.receive(net::buffer(head.data() + had, take), 0, ec); // the same bytes again
        head.resize(had + take);
        if (ec)
            return self->abort();
        if (end == std::string::npos)
            return head.size() >= MaxRequestBytes ? self->refuse(431) : self->readRequestHead();
        handshake->parser.eager(false);
        handshake->parser.put(net::buffer(head), ec);
        if (ec || !handshake->parser.is_header_done())
            return self->refuse(400);
        const Verdict verdict = judge(handshake->parser.get(), self->m_runtime.options);
        if (verdict.status != 101)
            return self->refuse(verdict.status, verdict.extraHeader);
        self->upgrade(verdict);
    });
}

void Session::refuse(unsigned status, const char *extraHeader)
{
    std::string &response = m_handshake->refusal;
    response = "HTTP/1.1 " + std::to_string(status) + ' ' + reasonPhrase(status)
        + "\r\nServer: " + m_runtime.options.serverName.toStdString()
        + "\r\nConnection: close\r\nContent-Length: 0\r\n" + (extraHeader ? extraHeader : "")
        + "\r\n";
    net::async_write(m_ws.next_layer(), net::buffer(response),
        [self = shared_from_this()](error_code, std::size_t) {
            // The whole head was read: closing sends a FIN, not a reset.
            error_code ignored;
            self->m_ws.next_layer().shutdown(tcp::socket::shutdown_send, ignored);
            self->abort();
        });
}

void Session::upgrade(const Verdict &verdict)
{
    m_subprotocol = qint8(verdict.subprotocol);
    websocket::stream_base::timeout timeouts;
    // Bounds the closing handshake too: a peer that never answers our Close is dropped.
    timeouts.handshake_timeout = std::chrono::milliseconds(m_runtime.options.handshakeTimeoutMs);
    timeouts.idle_timeout = websocket::stream_base::none(); // the server's heartbeat does that
    timeouts.keep_alive_pings = false;
    m_ws.set_option(timeouts);
    m_ws.set_option(websocket::stream_base::decorator([this](websocket::response_type &response) {
        response.set(http::field::server, m_runtime.options.serverName.toStdString());
        if (m_subprotocol >= 0)
            response.set(http::field::sec_websocket_protocol,
                m_runtime.options.subprotocols.at(m_subprotocol).toStdString());
    }));
    m_ws.read_message_max(std::size_t(m_runtime.options.maxMessageBytes));
    // Whole messages as one frame: no 4 KiB write buffer per connection (Beast allocates it
    // only to fragment or mask).
    m_ws.auto_fragment(false);
    m_ws.async_accept(m_handshake->parser.get(),
        [self = shared_from_this()](error_code ec) { self->upgraded(ec); });
}

void Session::upgraded(error_code ec)
{
    m_handshake.reset(); // cancels the deadline
    if (ec) {
        m_ended = true;
        error_code ignored;
        m_ws.next_layer().close(ignored);
        return;
    }
    m_open = true;
    m_ws.control_callback([this](websocket::frame_type kind, boost::beast::string_view) {
        if (kind == websocket::frame_type::pong)
            post(Event::Pong);
        else if (kind == websocket::frame_type::close)
            m_ws.next_layer().closeHandshakeDone = true; // Beast answers it, then tears down
    });
    post(Event::Accepted);
}

// --- Session: the open connection ------------------------------------------------------------

void Session::run(Command &command)
{
    switch (command.kind) {
    case Command::StartReading:
        return startReading();
    case Command::Send:
        return send(std::move(command.bytes), command.binary);
    case Command::Ping:
        return ping();
    case Command::Close:
        return close(command.closeCode, std::move(command.bytes));
    case Command::Abort:
        return abort();
    }
}

void Session::post(Event::Kind kind, QByteArray payload, bool binary)
{
    m_runtime.event({ kind, binary, shared_from_this(), std::move(payload) });
}

void Session::startReading()
{
    if (!m_open)
        return;
    m_ws.async_read(m_readBuffer, [self = shared_from_this()](error_code ec, std::size_t) {
        if (ec)
            return self->ended(ec);
        const auto data = self->m_readBuffer.cdata();
        QByteArray payload(static_cast<const char *>(data.data()), qsizetype(data.size()));
        // An idle connection keeps no read buffer (Beast's own 1.5 KiB frame buffer stays).
        self->m_readBuffer.consume(data.size());
        self->m_readBuffer.shrink_to_fit();
        self->post(Event::Message, std::move(payload), self->m_ws.got_binary());
        self->startReading();
    });
}

void Session::send(QByteArray bytes, bool binary)
{
    if (!m_open || m_closeWanted) {
        // Never written: the accounting forgets it.
        unsent.fetch_sub(frameBytes(bytes.size()), std::memory_order_relaxed);
        return;
    }
    m_queue.append({ std::move(bytes), binary });
    if (m_writing.isNull())
        writeNext();
}

void Session::writeNext()
{
    if (m_queue.isEmpty()) {
        m_queue = {}; // its block goes too: an idle connection keeps no queue
        if (m_closeWanted)
            startClose();
        return;
    }
    Outgoing next = m_queue.takeFirst();
    m_writing = std::move(next.bytes);
    m_ws.binary(next.binary);
    // Beast writes the header and the shared payload with one gathered send.
    m_ws.async_write(net::buffer(m_writing.constData(), std::size_t(m_writing.size())),
        [self = shared_from_this()](error_code ec, std::size_t) { self->written(ec); });
}

void Session::written(error_code ec)
{
    qint64 done = frameBytes(m_writing.size());
    m_writing = QByteArray();
    if (ec) {
        // The read side reports the end; what waits will never go.
        for (const Outgoing &dropped : std::as_const(m_queue))
            done += frameBytes(dropped.bytes.size());
        m_queue = {};
        m_open = false;
    }
    unsent.fetch_sub(done, std::memory_order_relaxed);
    if (!bytesWrittenQueued.exchange(true, std::memory_order_relaxed))
        post(Event::BytesWritten);
    if (!ec)
        writeNext();
}

void Session::close(quint16 code, QByteArray reason)
{

    if (!m_open || m_closeWanted)
        return;
    m_closeWanted = true;
    m_closeCode = code;
    m_closeReason = std::move(reason);
    // The Close goes behind what is queued, as with any other engine.
    if (m_writing.isNull())
        startClose();
}

void Session::startClose()
{
    if (m_closeStarted)
        return;
    m_closeStarted = true;
    // Beast's close reads until the peer's Close before it tears down.
    m_ws.next_layer().closeHandshakeDone = true;
    const websocket::close_reason why(websocket::close_code(m_closeCode),
        boost::beast::string_view(m_closeReason.constData(), std::size_t(m_closeReason.size())));
    m_ws.async_close(why, [self = shared_from_this()](error_code ec) { self->ended(ec); });
}

void Session::ping()
{
    // Beast allows one ping at a time; the heartbeat counts a ping that could not go as missed.
    if (!m_open || m_pinging || m_closeWanted)
        return;
    m_pinging = true;
    m_ws.async_ping({}, [self = shared_from_this()](error_code) { self->m_pinging = false; });
}

void Session::abort()
{
    m_open = false;
    if (m_handshake)
        m_handshake->deadline.cancel();
    error_code ignored;
    boost::beast::get_lowest_layer(m_ws).close(ignored);
}

void Session::ended(error_code ec)
{
    m_open = false;
    if (m_ended)
        return;
    m_ended = true;
    // `closed`: the closing handshake completed, whoever began it.
    if (ec && ec != websocket::error::closed && ec != net::error::operation_aborted)
        post(Event::Error, QByteArray::fromStdString(ec.message()));
    post(Event::Closed);
}

} // namespace sb::server::beastws

namespace sb::server {

BeastWsEngine::BeastWsEngine(WsEngineOptions options)
    : m_runtime(std::make_shared<beastws::Runtime>(std::move(options), this))
{
    m_runtime->accepted = [this](WsConnection *connection) { emit accepted(connection); };
}

BeastWsEngine::~BeastWsEngine()
{
    m_runtime->stop();
}

bool BeastWsEngine::listen(const QHostAddress &address, quint16 port)
{
    if (m_runtime->options.tls) {
        m_error = QStringLiteral("the beast engine has no wss:// yet; use --ws-engine qt with TLS");
        return false;
    }
    m_listening = m_runtime->listen(address, port, &m_error, &m_port);
    if (m_listening)
        m_address = address;
    return m_listening;
}

void BeastWsEngine::close()
{
    if (m_listening)
        m_runtime->stopAccepting();
    m_listening = false;
}

} // namespace sb::server
