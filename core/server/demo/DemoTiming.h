#pragma once

namespace sb::server {

// How fast the demo lives. The defaults are a human pace; tests shorten them.
struct DemoTiming
{
    int firstMessageMinMs = 1500;  // a bot's first message comes this soon after it joined…
    int firstMessageMaxMs = 5000;
    int warmupMessages = 3;        // the first few come quickly, so a new demo has history…
    int warmupGapMinMs = 700;
    int warmupGapMaxMs = 2500;
    int gapMinMs = 9000;           // …then one every gapMin..gapMax per bot
    int gapMaxMs = 30000;
    int typingMinMs = 1200;        // how long a bot shows "typing" before it speaks
    int typingMaxMs = 3500;
    int presenceEveryMs = 45000;   // a bot changes presence about this often
    int marketOpenDelayMs = 3000;  // the "market is open" announcement, after start
    double marketMovePercent = 1.5; // a move this large within a minute gets a comment
    int replyCooldownMs = 8000;    // a bot answers one person at most once in this long
};

} // namespace sb::server
