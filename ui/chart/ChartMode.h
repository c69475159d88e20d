#pragma once

namespace sb::ui {

// What the chart panel draws: shared by the panel and its toolbar, so neither includes the other.
enum class ChartMode { Line, Candles };

} // namespace sb::ui
