#pragma once

#include <QtGlobal>

// A clock the test moves by hand, for the pure classes that take an injectable clock.
class TestClock
{
public:
    qint64 now() const { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now = 1'000'000;
};
