#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace sb::server {

class Histogram;

// The Prometheus text exposition format (0.0.4), the body of GET /metrics: per metric family one
// `# HELP` and one `# TYPE` line, then its samples. Pure formatting, so tests can compare the
// output byte for byte; what the numbers mean is ServerMetrics' business.
class PrometheusText
{
public:
    enum class Type { Counter, Gauge };
    using Labels = QList<std::pair<QByteArray, QString>>; // name → value, in output order
    struct Sample
    {
        Labels labels;
        double value = 0;
    };

    // What a scraper expects in Content-Type for this format.
    static QByteArray contentType()
    {
        return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
    }

    // One family with a single unlabelled sample. Counter names end in _total by convention.
    void counter(const QByteArray &name, const QByteArray &help, double value);
    void gauge(const QByteArray &name, const QByteArray &help, double value);
    // One family with several samples told apart by their labels.
    void family(const QByteArray &name, const QByteArray &help, Type type,
                const QList<Sample> &samples);
    // `name_bucket{le=…}` (cumulative, +Inf last), `name_sum` and `name_count`.
    void histogram(const QByteArray &name, const QByteArray &help, const Histogram &histogram);

    const QByteArray &text() const { return m_text; }

    // Integers without a decimal point, others in the shortest form that reads back exactly,
    // and +Inf, -Inf and NaN spelled as Prometheus spells them.
    static QByteArray formatValue(double value);

private:
    void header(const QByteArray &name, const QByteArray &help, const char *type);
    void sample(const QByteArray &name, const Labels &labels, double value);

    QByteArray m_text;
};

} // namespace sb::server
