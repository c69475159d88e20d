#pragma once

namespace bench {

// The chat rows' layout cost (issue #18): microseconds per row for plain text, Markdown parsed
// and laid out, Markdown laid out again from its kept parse (a resize), and the rich state
// (quote, reactions, "(edited)"); then a room of `messages` with that state on a tenth of its
// rows shown in the real ChatView: the first layout of every row, the time per scroll step
// while wheeling through the newest 2,000 rows, and RSS.
void runRowCost(int messages);

} // namespace bench
