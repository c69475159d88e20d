#include "PrometheusText.h"

#include "Histogram.h"

#include <QLocale>

#include <cmath>

namespace sb::server {

namespace {
// HELP text escapes backslash and newline; label values escape the double quote as well.
QByteArray escape(const QByteArray &text, bool quote)
{
    QByteArray escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '\n')
            escaped += "\\n";
        else if (c == '"' && quote)
            escaped += "\\\"";
        else
            escaped += c;
    }
    return escaped;
}

// Doubles hold every integer up to 2^53 exactly; beyond it the shortest form is as good.
constexpr double LargestExactInteger = 9007199254740992.0;
} // namespace

QByteArray PrometheusText::formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (value == std::trunc(value) && std::fabs(value) <= LargestExactInteger)
        return QByteArray::number(qint64(value));
    // Fixed notation where people read it (bucket bounds such as le="0.0005", which Qt's 'g'
    // would write 5e-04), exponents only for the very small or very large.
    const double magnitude = std::fabs(value);
    const char format = magnitude >= 1e-4 && magnitude < 1e15 ? 'f' : 'g';
    return QString::number(value, format, QLocale::FloatingPointShortest).toLatin1();
}

void PrometheusText::header(const QByteArray &name, const QByteArray &help, const char *type)
{
    m_text += "# HELP " + name + ' ' + escape(help, false) + '\n';
    m_text += "# TYPE " + name + ' ' + type + '\n';
}

void PrometheusText::sample(const QByteArray &name, const Labels &labels, double value)
{
    m_text += name;
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels[i].first + "=\"" + escape(labels[i].second.toUtf8(), true) + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + formatValue(value) + '\n';
}

void PrometheusText::counter(const QByteArray &name, const QByteArray &help, double value)
{
    family(name, help, Type::Counter, {{{}, value}});
}

void PrometheusText::gauge(const QByteArray &name, const QByteArray &help, double value)
{
    family(name, help, Type::Gauge, {{{}, value}});
}

void PrometheusText::family(const QByteArray &name, const QByteArray &help, Type type,
                            const QList<Sample> &samples)
{
    header(name, help, type == Type::Counter ? "counter" : "gauge");
    for (const Sample &s : samples)
        sample(name, s.labels, s.value);
}

void PrometheusText::histogram(const QByteArray &name, const QByteArray &help,
                               const Histogram &histogram)
{
    header(name, help, "histogram");
    const QByteArray bucket = name + "_bucket";
    const QList<double> &bounds = histogram.upperBounds();
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        sample(bucket, {{QByteArrayLiteral("le"), QString::fromLatin1(formatValue(bounds[i]))}},
               double(histogram.cumulativeCount(i)));
    }
    sample(bucket, {{QByteArrayLiteral("le"), QStringLiteral("+Inf")}}, double(histogram.count()));
    sample(name + "_sum", {}, histogram.sum());
    sample(name + "_count", {}, double(histogram.count()));
}

} // namespace sb::server
