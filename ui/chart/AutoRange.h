#pragma once

namespace sb::ui {

// The Y range policy of the live chart. Every setRange() makes Qt Charts recompute every series
// attached to the axis (DESIGN.md, "Live charts"), so the range changes only when the data leaves
// it or it has become more than twice as wide as the data needs — not on every frame. The new
// range has a ~5 % margin on each side, so small moves stay inside it.
class AutoRange {
public:
    static constexpr double Margin = 0.05;
    static constexpr double MaxSlack = 2.0;

    // Takes the data's extremes; returns true when the range changed (then read min()/max()).
    bool fit(double dataMin, double dataMax);
    void reset() { m_valid = false; }

    bool isValid() const { return m_valid; }
    double min() const { return m_min; }
    double max() const { return m_max; }

    // A 1-2-5 step that gives about `targetTicks` grid lines over `span`, so labels are round.
    static double niceStep(double span, int targetTicks);

private:
    static double paddedSpan(double dataMin, double dataMax);

    double m_min = 0;
    double m_max = 1;
    bool m_valid = false;
};

} // namespace sb::ui
