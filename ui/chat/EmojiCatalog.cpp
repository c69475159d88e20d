#include "ui/chat/EmojiCatalog.h"

#include <QHash>

#include <algorithm>

namespace sb::ui {

namespace {

struct Raw
{
    const char *emoji;
    const char *name;
    const char *keywords;
};

// Grouped as pickers usually are: reactions first, then faces, hands, hearts, things, symbols.
constexpr Raw Table[] = {
    {"👍", "thumbs up", "+1 yes ok like agree approve"},
    {"👎", "thumbs down", "-1 no dislike disagree"},
    {"❤️", "red heart", "love like"},
    {"😂", "face with tears of joy", "laugh lol haha funny"},
    {"🎉", "party popper", "celebrate tada congrats hooray"},
    {"👀", "eyes", "look watching see"},
    {"🙏", "folded hands", "please thanks pray"},
    {"🔥", "fire", "hot lit flame"},
    {"✅", "check mark button", "done yes ok tick"},
    {"❌", "cross mark", "no wrong x cancel"},
    {"💯", "hundred points", "100 perfect score"},
    {"🚀", "rocket", "launch moon ship fast"},
    {"😀", "grinning face", "smile happy"},
    {"😃", "grinning face with big eyes", "smile happy"},
    {"😄", "grinning face with smiling eyes", "smile happy laugh"},
    {"😁", "beaming face", "grin smile"},
    {"😆", "grinning squinting face", "laugh satisfied"},
    {"😅", "grinning face with sweat", "relief phew nervous"},
    {"🤣", "rolling on the floor laughing", "rofl lol"},
    {"🙂", "slightly smiling face", "smile"},
    {"🙃", "upside down face", "silly sarcasm"},
    {"😉", "winking face", "wink"},
    {"😊", "smiling face with smiling eyes", "blush happy"},
    {"😇", "smiling face with halo", "angel innocent"},
    {"🥰", "smiling face with hearts", "love adore"},
    {"😍", "smiling face with heart eyes", "love crush"},
    {"🤩", "star struck", "wow amazing"},
    {"😘", "face blowing a kiss", "kiss love"},
    {"😋", "face savoring food", "yum tasty"},
    {"😛", "face with tongue", "tongue silly"},
    {"😜", "winking face with tongue", "crazy silly"},
    {"🤪", "zany face", "crazy goofy"},
    {"🤑", "money mouth face", "rich money cash"},
    {"🤗", "hugging face", "hug"},
    {"🤔", "thinking face", "think hmm wonder"},
    {"🤐", "zipper mouth face", "secret quiet"},
    {"🤨", "face with raised eyebrow", "skeptical doubt"},
    {"😐", "neutral face", "meh"},
    {"😑", "expressionless face", "blank"},
    {"😶", "face without mouth", "speechless silent"},
    {"😏", "smirking face", "smirk smug"},
    {"😒", "unamused face", "meh unhappy"},
    {"🙄", "face with rolling eyes", "eyeroll whatever"},
    {"😬", "grimacing face", "awkward oops"},
    {"😌", "relieved face", "relief calm"},
    {"😔", "pensive face", "sad thoughtful"},
    {"😪", "sleepy face", "tired"},
    {"😴", "sleeping face", "sleep zzz tired"},
    {"😷", "face with medical mask", "sick ill"},
    {"🤒", "face with thermometer", "sick ill fever"},
    {"🤯", "exploding head", "mind blown shocked"},
    {"🥳", "partying face", "party celebrate birthday"},
    {"😎", "smiling face with sunglasses", "cool"},
    {"🤓", "nerd face", "geek"},
    {"🧐", "face with monocle", "inspect curious"},
    {"😕", "confused face", "confused unsure"},
    {"😟", "worried face", "worry concern"},
    {"🙁", "slightly frowning face", "sad frown"},
    {"😮", "face with open mouth", "wow surprised"},
    {"😲", "astonished face", "shocked amazed"},
    {"😳", "flushed face", "embarrassed blush"},
    {"🥺", "pleading face", "please puppy eyes"},
    {"😢", "crying face", "sad tear"},
    {"😭", "loudly crying face", "sob sad cry"},
    {"😱", "face screaming in fear", "scream scared shocked"},
    {"😤", "face with steam from nose", "triumph frustrated"},
    {"😡", "enraged face", "angry mad rage"},
    {"😠", "angry face", "mad annoyed"},
    {"🤬", "face with symbols on mouth", "swear curse angry"},
    {"💀", "skull", "dead dying lol"},
    {"💩", "pile of poo", "poop"},
    {"🤡", "clown face", "clown"},
    {"👻", "ghost", "boo spooky"},
    {"🤖", "robot", "bot machine"},
    {"👋", "waving hand", "wave hello hi bye"},
    {"🤚", "raised back of hand", "hand"},
    {"✋", "raised hand", "stop high five"},
    {"👌", "ok hand", "okay perfect"},
    {"🤌", "pinched fingers", "italian"},
    {"✌️", "victory hand", "peace"},
    {"🤞", "crossed fingers", "luck hope"},
    {"🤟", "love you gesture", "ily"},
    {"🤘", "sign of the horns", "rock metal"},
    {"🤙", "call me hand", "shaka"},
    {"👈", "backhand index pointing left", "left point"},
    {"👉", "backhand index pointing right", "right point"},
    {"👆", "backhand index pointing up", "up point"},
    {"👇", "backhand index pointing down", "down point"},
    {"☝️", "index pointing up", "up one"},
    {"👏", "clapping hands", "clap applause bravo"},
    {"🙌", "raising hands", "hooray celebrate praise"},
    {"👐", "open hands", "hug"},
    {"🤝", "handshake", "deal agree meeting"},
    {"✍️", "writing hand", "write"},
    {"💪", "flexed biceps", "strong muscle"},
    {"🧠", "brain", "smart think"},
    {"🫡", "saluting face", "salute respect yes sir"},
    {"🧡", "orange heart", "love"},
    {"💛", "yellow heart", "love"},
    {"💚", "green heart", "love"},
    {"💙", "blue heart", "love"},
    {"💜", "purple heart", "love"},
    {"🖤", "black heart", "love"},
    {"🤍", "white heart", "love"},
    {"💔", "broken heart", "sad heartbreak"},
    {"💖", "sparkling heart", "love"},
    {"✨", "sparkles", "shiny magic new"},
    {"⭐", "star", "favourite favorite"},
    {"🌟", "glowing star", "shine"},
    {"⚡", "high voltage", "lightning fast power"},
    {"💥", "collision", "boom bang"},
    {"💫", "dizzy", "star"},
    {"💬", "speech balloon", "comment talk chat"},
    {"💭", "thought balloon", "think"},
    {"💤", "zzz", "sleep"},
    {"📈", "chart increasing", "up stocks growth bull"},
    {"📉", "chart decreasing", "down stocks loss bear"},
    {"📊", "bar chart", "stats graph"},
    {"💰", "money bag", "cash rich"},
    {"💵", "dollar banknote", "money cash usd"},
    {"💸", "money with wings", "spend lose"},
    {"🏦", "bank", "finance"},
    {"🐂", "ox", "bull market"},
    {"🐻", "bear", "bear market"},
    {"🐳", "spouting whale", "whale big"},
    {"🦄", "unicorn", "magic startup"},
    {"🐶", "dog face", "dog puppy"},
    {"🐱", "cat face", "cat kitten"},
    {"🦊", "fox", "fox"},
    {"🐸", "frog", "frog"},
    {"🐢", "turtle", "slow"},
    {"🐛", "bug", "insect bug defect"},
    {"🌈", "rainbow", "colours"},
    {"☀️", "sun", "sunny weather"},
    {"🌙", "crescent moon", "night"},
    {"🌍", "globe showing europe africa", "world earth"},
    {"☕", "hot beverage", "coffee tea"},
    {"🍺", "beer mug", "beer drink cheers"},
    {"🍻", "clinking beer mugs", "cheers drinks"},
    {"🥂", "clinking glasses", "cheers celebrate"},
    {"🍕", "pizza", "food"},
    {"🍔", "hamburger", "burger food"},
    {"🍩", "doughnut", "donut food"},
    {"🍪", "cookie", "food"},
    {"🎂", "birthday cake", "birthday cake"},
    {"🍿", "popcorn", "watching drama"},
    {"🏆", "trophy", "win winner award"},
    {"🥇", "first place medal", "gold winner"},
    {"🎯", "direct hit", "target bullseye goal"},
    {"🎁", "wrapped gift", "present"},
    {"🎈", "balloon", "party"},
    {"🔔", "bell", "notification ring"},
    {"🔕", "bell with slash", "mute quiet"},
    {"📣", "megaphone", "announcement"},
    {"📌", "pushpin", "pin important"},
    {"📎", "paperclip", "attach"},
    {"📝", "memo", "note write"},
    {"📅", "calendar", "date schedule"},
    {"⏰", "alarm clock", "time wake"},
    {"⏳", "hourglass not done", "wait time loading"},
    {"🔒", "locked", "lock secure private"},
    {"🔑", "key", "password access"},
    {"🔍", "magnifying glass tilted left", "search find zoom"},
    {"💡", "light bulb", "idea"},
    {"🔧", "wrench", "fix tool"},
    {"🔨", "hammer", "build tool"},
    {"⚙️", "gear", "settings"},
    {"🧪", "test tube", "test experiment"},
    {"💻", "laptop", "computer code"},
    {"📱", "mobile phone", "phone"},
    {"📦", "package", "box ship release"},
    {"🚧", "construction", "wip work in progress"},
    {"🚨", "police car light", "alert alarm emergency"},
    {"⚠️", "warning", "caution alert"},
    {"⛔", "no entry", "stop forbidden"},
    {"🛑", "stop sign", "stop halt"},
    {"❓", "question mark", "question what"},
    {"❗", "exclamation mark", "important attention"},
    {"➕", "plus", "add more"},
    {"➖", "minus", "remove less"},
    {"⬆️", "up arrow", "up"},
    {"⬇️", "down arrow", "down"},
    {"🔁", "repeat button", "again loop"},
    {"🆗", "ok button", "ok"},
    {"🆕", "new button", "new"},
    {"🆒", "cool button", "cool"},
    {"🏁", "chequered flag", "finish done race"},
    {"🚩", "triangular flag", "red flag"},
    {"🎶", "musical notes", "music"},
    {"🤷", "person shrugging", "shrug dunno whatever"},
    {"🤦", "person facepalming", "facepalm ugh"},
    {"🙋", "person raising hand", "me question volunteer"},
    {"🙈", "see no evil monkey", "monkey oops embarrassed"},
    {"🙊", "speak no evil monkey", "monkey secret"},
};

bool matchesWordStart(const QString &haystack, QStringView word)
{
    qsizetype from = 0;
    while ((from = haystack.indexOf(word, from, Qt::CaseInsensitive)) >= 0) {
        if (from == 0 || haystack.at(from - 1) == u' ')
            return true;
        ++from;
    }
    return false;
}

} // namespace

const QList<EmojiCatalog::Entry> &EmojiCatalog::all()
{
    static const QList<Entry> entries = [] {
        QList<Entry> list;
        for (const Raw &raw : Table)
            list.append({QString::fromUtf8(raw.emoji), QString::fromUtf8(raw.name), QString::fromUtf8(raw.keywords)});
        return list;
    }();
    return entries;
}

QString EmojiCatalog::nameOf(const QString &emoji)
{
    static const QHash<QString, QString> names = [] {
        QHash<QString, QString> map;
        for (const Entry &entry : all())
            map.insert(entry.emoji, entry.name);
        return map;
    }();
    return names.value(emoji);
}

QList<EmojiCatalog::Entry> EmojiCatalog::search(QStringView query)
{
    const QList<QStringView> words = query.split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty())
        return all();
    QList<Entry> found;
    for (const Entry &entry : all()) {
        const QString haystack = entry.name + u' ' + entry.keywords;
        const bool every = std::all_of(words.cbegin(), words.cend(),
            [&haystack](QStringView word) { return matchesWordStart(haystack, word); });
        if (every)
            found.append(entry);
    }
    return found;
}

} // namespace sb::ui
