#pragma once

#include <QList>
#include <utility>

namespace sb::models {

// A fixed-capacity sequence: appending to a full buffer drops the oldest element, so memory stays
// bounded whatever the feed rate. Index 0 is the oldest element. Storage grows only up to the
// capacity, so a symbol that never ticks costs nothing.
template<typename T> class RingBuffer {
public:
    explicit RingBuffer(qsizetype capacity = 1)
        : m_capacity(qMax<qsizetype>(1, capacity))
    {
    }

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    bool isFull() const { return m_size == m_capacity; }

    const T &at(qsizetype i) const { return m_items.at(physical(i)); }
    T &operator[](qsizetype i) { return m_items[physical(i)]; }
    const T &front() const { return at(0); }
    const T &back() const { return at(m_size - 1); }
    T &back() { return (*this)[m_size - 1]; }

    // O(1). On a full buffer the oldest element makes room.
    void pushBack(const T &item)
    {
        if (m_items.size() < m_capacity) { // still growing: nothing has wrapped yet
            m_items.append(item);
            ++m_size;
        } else if (m_size < m_capacity) {
            m_items[physical(m_size)] = item;
            ++m_size;
        } else {
            m_items[m_head] = item;
            m_head = (m_head + 1) % m_capacity;
        }
    }

    // Inserts so that the item ends up at index i (0 ≤ i ≤ size), shifting the newer elements:
    // O(size - i), meant for the rare late arrival near the end. On a full buffer the oldest
    // element is dropped first; an item that would itself be the oldest is refused (false).
    bool insert(qsizetype i, const T &item)
    {
        Q_ASSERT(i >= 0 && i <= m_size);
        if (isFull()) {
            if (i == 0)
                return false;
            m_head = (m_head + 1) % m_capacity;
            --m_size;
            --i;
        }
        pushBack(item);
        for (qsizetype j = m_size - 1; j > i; --j)
            std::swap((*this)[j], (*this)[j - 1]);
        return true;
    }

    void clear()
    {
        m_items.clear();
        m_head = 0;
        m_size = 0;
    }

    // The first index whose element does not satisfy `pred`, for a buffer partitioned by it
    // (all elements satisfying it come first): a binary search, O(log size).
    template<typename Pred> qsizetype partitionPoint(Pred pred) const
    {
        qsizetype low = 0;
        qsizetype high = m_size;
        while (low < high) {
            const qsizetype mid = low + (high - low) / 2;
            if (pred(at(mid)))
                low = mid + 1;
            else
                high = mid;
        }
        return low;
    }

private:
    qsizetype physical(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_capacity);
        return (m_head + i) % m_capacity;
    }

    QList<T> m_items;
    qsizetype m_capacity;
    qsizetype m_head = 0; // physical index of the oldest element
    qsizetype m_size = 0;
};

} // namespace sb::models
