"""The words goal understanding knows: colour and kind names with their synonyms, the cues of each
action, negation, correction, sequence, speed and reference words, and an English word list for
telling an unknown English word (named in the refusal) from a typo (corrected) or another
language (refused).

The English word list is Debian's wamerican (/usr/share/dict/american-english, installed by
make setup); without it typos are still corrected against this lexicon, but an unknown word can
not be told from a foreign one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lam_core.vocabulary import COLORS, LABELS

ENGLISH_WORDS_FILE = Path("/usr/share/dict/american-english")

# World colour -> words that mean it.
COLOR_WORDS: dict[str, tuple[str, ...]] = {
    "red": ("red", "reddish", "crimson", "scarlet", "ruby", "cherry", "vermilion", "vermillion", "maroon", "burgundy",
            "carmine", "cardinal", "rust", "wine"),
    "green": ("green", "greenish", "emerald", "lime", "jade", "mint", "forest", "kelly", "leaf", "grassy", "verdant", "sage",
              "olive", "moss", "pine", "grn"),
    "blue": ("blue", "blu", "bluish", "blueish", "navy", "azure", "sapphire", "cobalt", "indigo", "ultramarine", "cerulean",
             "denim", "sky", "royal"),
    "yellow": ("yellow", "yellowish", "golden", "gold", "amber", "lemon", "mustard", "canary", "sunflower", "butter",
               "saffron", "banana"),
    "orange": ("orange", "orangey", "orangish", "tangerine", "apricot", "marigold"),
    "purple": ("purple", "prpl", "purplish", "violet", "lavender", "lilac", "mauve", "plum", "amethyst"),
    "white": ("white", "whitish", "snowy", "ivory", "alabaster"),
    "black": ("black", "blackish", "jet", "ebony", "onyx", "inky", "blk", "blck"),
    "grey": ("gray", "grey", "grayish", "greyish", "silver", "silvery", "ashen", "slate", "pewter", "charcoal",
             "graphite", "gunmetal", "smoky"),
}
# Colours people name that no object in this world has: asking for them is refused, naming them.
OTHER_COLORS = ("pink", "brown", "magenta", "cyan", "teal", "turquoise", "beige", "tan", "khaki", "cream", "peach",
                "coral", "aqua", "fuchsia", "bronze", "copper")

# World kind -> nouns that mean it (singular; plurals are found by stripping s/es).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "box": ("box", "carton", "crate", "package", "parcel", "chest", "case", "cardboard", "boxes"),
    "cube": ("cube", "block", "brick", "cubelet", "cubes", "blocks", "square", "squares", "dice"),
    "bin": ("bin", "tub", "basket", "bucket", "container", "pail", "receptacle", "hamper", "dustbin", "wastebasket",
            "trashcan", "trash", "bowl", "tray", "box-bin"),
    "ball": ("ball", "sphere", "globe", "orb", "balls", "spheres", "footy", "footie", "football"),
    "can": ("tin", "cylinder", "canister", "tins", "cylinders", "soda", "sodas"),  # "can" itself: parse.noun_can
    "bottle": ("bottle", "flask", "bottles", "jug", "jugs"),
    "plate": ("plate", "dish", "saucer", "platter", "disc", "disk", "plates"),
    "cone": ("cone", "pylon", "cones", "pylons"),
}
# Nouns that stand for "an object" without saying which kind.
ANY_KIND_WORDS = ("one", "ones", "thing", "things", "object", "objects", "item", "items", "stuff")

# Nouns that are not objects of the world but are not unknown either (places, parts of the robot).
NON_OBJECT_NOUNS = frozenset({
    "left", "right", "front", "back", "side", "start", "beginning", "way", "place", "spot", "position", "location",
    "point", "pose", "room", "floor", "ground", "area", "scene", "view", "sight", "distance", "speed", "time", "moment",
    "gripper", "hand", "arm", "claw", "robot", "camera", "you", "me", "it", "them", "home", "origin", "job", "task",
    "goal", "thanks", "please", "while", "bit", "little", "tad", "touch", "smidge", "half", "second", "minute", "meter",
    "metre", "meters", "metres", "m", "cm",
    "closest", "nearest", "farthest", "furthest", "middle", "center", "centre", "end", "top", "bottom", "other", "rest",
    "inside", "there", "here", "now", "again", "sorry", "instead", "mistake", "min", "sec", "degrees", "turn",
    "colour", "color", "number", "hurry", "care", "favor", "favour", "something", "anything", "everything",
    "nothing", "what", "which", "kind", "kinds", "type", "types", "sort", "lot", "lots", "step", "steps", "plan",
    "idea", "berth", "quarter", "quarters", "circle", "circles", "rotation", "rotations", "revolution", "revolutions",
    "pirouette", "times", "pi", "chance", "convenience", "leisure",
})

# Action cues: a word (or words) whose presence says what to do, by intent.
ACTION_CUES: dict[str, tuple[str, ...]] = {
    "place": ("put", "place", "drop", "stash", "deposit", "toss", "throw", "insert", "load", "dump", "store", "stow",
              "stick", "slip", "pop", "chuck", "set", "lay", "transfer", "sort", "tuck", "leave", "deliver", "bring",
              "carry", "move", "relocate", "transport", "shift", "haul", "ferry", "lug", "return", "release", "feed",
              "give", "hand", "roll", "push", "slide", "nudge", "shove", "convey", "cart", "sling", "bung", "plonk",
              "plop", "dunk"),
    "pick": ("pick", "grab", "take", "lift", "grasp", "collect", "fetch", "retrieve", "snatch", "seize", "get",
             "hold", "clutch", "hoist", "gather", "raise", "nab", "snag", "grip", "acquire", "obtain", "secure", "pluck",
             "yank", "yoink", "swipe", "scoop", "nick", "pinch"),
    "find": ("find", "locate", "search", "seek", "look", "spot", "hunt", "scan", "track", "discover", "explore"),
    "approach": ("approach", "align", "line", "position", "face", "ready"),
    "goto": ("go", "goto", "drive", "head", "navigate", "travel", "proceed", "move", "come", "reach", "visit", "walk", "roll",
             "run", "ride", "steer", "make", "get", "advance", "journey", "wander", "cruise", "be", "stand", "park",
             "stop", "return", "back", "scoot", "nip", "trot", "hop"),
    "stop": ("stop", "halt", "freeze", "cancel", "abort", "brake", "pause", "quit", "cease", "wait", "enough", "still"),
}
# Every action cue word, whatever its intent.
ALL_CUES = frozenset(c for cues in ACTION_CUES.values() for c in cues)
# Words that end a request for motion at once, when they are the clause's main word.
STOP_PHRASES = ("stop", "halt", "freeze", "stand still", "stay still", "hold still", "stay put", "stay where you are",
                "don't move", "do not move", "stop moving", "cancel", "abort", "emergency stop", "brake", "pause",
                "hold it", "hold on", "that's enough", "that is enough", "quit", "wait", "hang on",
                "don't go anywhere", "do not go anywhere", "stay here", "stay in place", "remain where you are",
                "keep still", "remain still", "stay there", "remain here", "remain there", "hold position",
                "hold your position", "keep your position", "stay right there", "do nothing", "don't do anything",
                "do not do anything", "go nowhere", "knock it off", "cut it out", "hold your horses", "sit tight",
                "hang tight", "kill switch", "stahp", "stopp", "stop it", "whoa there", "easy there",
                "stay right where you are", "stay exactly where you are", "kill it", "shut it down", "shut down",
                "power down", "pull over", "hit the brakes", "slam on the brakes", "put the brakes on", "red alert",
                "don't go any further", "do not go any further", "no further", "that's far enough", "that is far enough",
                "far enough", "stand down", "cease", "desist", "stop right now", "stop right there", "kill the motors",
                "cut the motors", "cut the engine", "kill the engine", "brakes", "emergency brake", "wait a tick",
                "shut down now", "pull the plug", "hold up", "hang around", "hang about", "chill", "chill out")
# Stop phrases that say "not" themselves: the stop is what they ask for, not what they forbid.
NEGATIVE_STOP_PHRASES = frozenset(p for p in STOP_PHRASES if p.startswith(("don't", "do not")))
# A pause said before the request it leads into ("wait, go to the blue box instead"): dropped there;
# said alone it is a stop.
HESITATION_WORDS = frozenset({"wait", "hang", "hold", "on", "a", "second", "sec", "moment", "minute", "just", "one"})
RETURN_PHRASES = ("come back", "go back", "head back", "drive back", "return", "get back", "move back", "back to the start",
                  "back to where you started", "back where you started", "to where you started", "back home",
                  "go home", "come home", "head home", "drive home", "get home", "move home", "come on home",
                  "back to your starting", "back to the starting", "to the start", "back to start", "back to base", "starting point",
                  "starting position", "where you began", "where you started", "where you were",
                  # carrying something back to the person who asked, who stands where the robot started
                  "bring it to me", "bring it here", "bring it back", "bring them to me", "bring them here",
                  "bring them back", "bring it over here", "bring it over to me")

NEGATION_WORDS = frozenset({"not", "never", "no", "without", "nor", "neither", "dont", "don't", "shouldnt", "mustnt",
                            "cannot", "cant", "won't", "wont", "refrain"})
# Prohibitions: keep away from an object (a constraint, not an action).
PROHIBITION_PHRASES = ("avoid", "stay away from", "keep away from", "keep clear of", "steer clear of", "stay clear of",
                       "keep well clear of", "steer well clear of", "stay well clear of", "keep well away from",
                       "keep a safe distance from", "keep a distance from", "keep a safe distance to",
                       "maintain a safe distance from", "stay a safe distance from", "keep a good distance from",
                       "not go anywhere near", "not get anywhere near", "not come anywhere near", "never go anywhere near",
                       "not go anywhere close to", "not get anywhere close to", "without going anywhere near",
                       "not go too near", "not get too near", "not go too close to", "not come too near",
                       "never go too near", "never get too close to", "not drive near", "not drive close to",
                       "keep your distance from", "keep off", "stay off", "keep out of", "stay out of", "don't touch",
                       "do not touch", "never touch", "without touching", "leave alone", "go around", "stay away",
                       "keep away", "not touch", "not go near", "never go near", "away from", "off limits",
                       "out of bounds", "forbidden", "not allowed", "no go", "taboo", "keep out", "hands off", "leave it alone",
                       "do not go near", "keep your hands off", "not bother with", "ignore", "not want you anywhere near",
                       "not want you near", "not want you close to", "not want you going near",
                       # left out of a route: "go to the red box and skip the blue box"
                       "skip", "leave out", "disregard", "omit", "exclude", "pass on", "bypass", "forget about",
                       "forget the",
                       # what is said to be dangerous is kept away from: "the red box is dangerous"
                       "is dangerous", "are dangerous", "is hazardous", "is unsafe", "is fragile", "are fragile",
                       # and so is what is said to be in no state to be handled: "the red cube is broken"
                       "is obstructing", "are obstructing",  # "the red box is in the way" (read so)
                       "is broken", "are broken", "is damaged", "is cracked", "is faulty", "is dirty", "are dirty",
                       "is hot", "is too hot", "is wet", "is sticky", "is contaminated", "is not safe",
                       # a collision said not to happen: "don't bump into the bin", "without hitting the box"
                       "not hit", "not bump", "not crash", "not run into", "not collide", "not knock", "not brush",
                       "never hit", "never bump", "without hit", "without bump", "without crash", "without collide",
                       "without knock", "without run into", "without brush", "not smash", "never smash", "without smash",
                       "not ram", "never ram", "without ram", "without colliding", "not colliding", "never collide",
                       "never crash", "never run into", "never knock", "not go close to", "not get close to",
                       "not get too close to", "not come close to", "not come too close to", "not get near",
                       "not come near", "without going near", "without getting near", "without getting close to",
                       "without getting too close to", "without coming near", "without going close to")
# Lookouts that warn: "watch out for the red cube" alone keeps clear of it; said with what to do on
# seeing it ("..., and stop if you see it") it is a lookout like "keep an eye out for".
WARNING_LOOKOUTS = ("watch out for", "watching out for", "look out for", "looking out for")
# Of those, the ones that forbid only touching: going up to the object is allowed, picking it up is not.
CONTACT_WORDS = frozenset({"touch", "touching", "hit", "hitting", "bump", "bumping", "crash", "crashing", "run", "running",
                           "collide", "colliding", "knock", "knocking", "brush", "brushing", "hands", "smash", "smashing",
                           "ram", "ramming"})
CORRECTION_MARKERS = ("no wait", "wait no", "sorry", "i mean", "i meant", "i said", "actually", "scratch that", "correction",
                      "or rather",
                      "nvm", "jk", "just kidding", "only kidding", "make it",
                      "oops", "make that", "no no", "nope", "on second thought", "change of plan", "forget that",
                      "never mind", "never mind that", "never mind about that", "forget about that",
                      "my mistake", "my bad", "cancel that", "ignore that", "disregard that", "forget it",
                      "forget about it", "not that one", "not this one", "not that", "no not that one", "wrong one",
                      "the other one i mean", "nah", "naw", "strike that", "belay that", "undo that", "scrap that",
                      "forget what i said", "forget what i just said", "ignore what i said", "ignore what i just said",
                      "disregard what i said", "disregard what i just said")
SEQUENCE_MARKERS = ("and then", "then", "after that", "afterwards", "afterward", "and afterwards", "next", "finally",
                    "and finally", "later", "subsequently", "followed by", "once done", "when done", "once finished",
                    "when finished", "once you're done", "once you are done", "when you're done", "when you are done",
                    "after which", "and after that", "lastly", "and lastly", "also", "and also", "plus")
SLOW_WORDS = frozenset({"slowly", "slow", "carefully", "careful", "gently", "gentle", "cautiously", "cautious",
                        "softly", "steadily", "leisurely", "unhurried", "crawl", "easy", "care", "tiptoe", "creep",
                        "inch", "amble", "stroll", "mosey"})
# Verbs that say where something is to be (not where it is: "is", "sits" describe), not what to do:
# with a cube and a bin it is to be in, the request is to put it there ("I want the cube to end up
# in the bin", "the cube belongs in the bin").
RESULT_STATE_WORDS = frozenset({"end", "ends", "wind", "winds", "belong", "belongs", "land", "lands", "be", "stay",
                                "stays", "finish", "finishes"})
# Words that wish an object somewhere without an action word: with a cube and a bin and no other
# action, the request is to put it there ("I want the cube in the bin", "the cube goes in the bin").
WISH_PLACE_WORDS = frozenset({"want", "like", "need", "goes", "prefer", "wish"})
# Phrases that ask for a slow pace without a slow word ("not too fast" is a pace, not a prohibition).
SLOW_PHRASES = ("not too fast", "not so fast", "not that fast", "not too quickly", "not too quick", "not fast",
                "not quickly", "don't overdo the speed", "do not overdo the speed", "don't overdo it", "do not overdo it",
                "easy on the speed", "don't go fast", "dont go fast", "do not go fast", "don't drive fast", "do not drive fast",
                "don't go too fast", "do not go too fast", "no rush", "no rushing", "no hurrying", "no hurry", "don't rush",
                "dont rush", "do not rush", "don't hurry",
                "dont hurry", "do not hurry", "take your time", "take it easy", "at a crawl", "easy does it",
                "at a walking pace", "at walking pace", "at a snail's pace", "at a snail pace", "snail pace", "bit by bit",
                "little by little", "one step at a time", "with care", "half speed", "low speed", "reduced speed",
                "slow speed", "minimum speed", "walking speed", "quarter speed", "third speed", "walking pace")
# Words a clause that only says how to move may hold beside its pace: "but slowly", "and do it gently".
MANNER_CLAUSE_WORDS = frozenset({"but", "and", "then", "yet", "though", "please", "do", "it", "that", "this", "go",
                                 "drive", "move", "very", "really", "quite", "a", "bit", "little", "more", "extra",
                                 "super", "nice", "nicely", "so", "all", "the", "way", "time", "while", "doing",
                                 "moving", "going", "driving", "you", "are", "be", "must", "should", "need",
                                 "to", "keep", "stay", "remain", "make", "sure", "pace", "speed", "low", "at", "in",
                                 "with"})

NEAREST_WORDS = frozenset({"nearest", "closest", "nearer", "closer", "near", "close"})
FARTHEST_WORDS = frozenset({"farthest", "furthest", "farther", "further", "far", "distant", "remotest"})
# Size compared among the objects that fit ("the biggest box", "the smaller cube"): by volume.
LARGEST_WORDS = frozenset({"largest", "biggest", "tallest", "larger", "bigger", "taller", "hugest", "heftiest", "highest"})
SMALLEST_WORDS = frozenset({"smallest", "tiniest", "littlest", "shortest", "smaller", "tinier", "shorter", "teeniest", "flattest",
                            "flatter", "lowest"})
# Height alone compared ("the tallest thing", "the flattest one"): said with the size words above, read by height.
TALLEST_WORDS = frozenset({"tallest", "taller", "highest"})
SHORTEST_WORDS = frozenset({"shortest", "shorter", "flattest", "flatter", "lowest"})
# Lightness compared among the objects that fit ("the darkest cube", "the palest bin"): by the colour's
# CIELAB lightness ("lighter" is left out: said of an object, it is as often its weight).
DARKEST_WORDS = frozenset({"darkest", "darker", "blackest"})
LIGHTEST_WORDS = frozenset({"lightest", "palest", "paler", "whitest"})
# Said of a thing with no kind ("the big red thing", "the little red one"), size picks among what fits.
POSITIVE_LARGE_WORDS = frozenset({"big", "large", "tall", "huge", "giant", "bulky"})
POSITIVE_SMALL_WORDS = frozenset({"small", "little", "tiny", "short", "wee", "mini"})
LEFT_WORDS = frozenset({"left", "leftmost", "lefthand", "port"})
# The one between the others as the robot sees them ("the middle box", "the one in the centre").
MIDDLE_WORDS = frozenset({"middle", "center", "centre", "central", "midmost", "centermost", "centremost"})
RIGHT_WORDS = frozenset({"right", "rightmost", "righthand", "starboard"})
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
            "5th": 5, "last": -1, "final": -1, "penultimate": -2}
# Words that say each one of a group: "both cubes", "all the boxes", "every bin", "are all the cubes red?".
EVERY_WORDS = frozenset({"both", "all", "every", "each"})
NUMBER_WORDS = {"zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
OTHER_WORDS = frozenset({"other", "another", "remaining", "second"})

# Function words of other languages: a goal made of these is not English.
FOREIGN_WORDS = frozenset({
    # Spanish, Portuguese, Italian
    "el", "la", "los", "las", "del", "al", "por", "favor", "ve", "vete", "ir", "hacia", "caja", "cubo", "rojo", "roja",
    "azul", "verde", "amarillo", "coge", "recoge", "pon", "en", "una", "uno", "vai", "para", "caixa", "vermelho", "vá",
    "il", "lo", "gli", "della", "alla", "scatola", "rosso", "prendi", "metti", "nel", "cubetto", "cesto",
    # German
    "der", "die", "das", "den", "dem", "zum", "zur", "und", "bitte", "fahre", "geh", "gehe", "nimm", "leg", "lege",
    "kiste", "würfel", "roten", "rote", "blauen", "blaue", "grünen", "gelben", "eimer", "zu", "ist", "nicht",
    # French
    "le", "les", "des", "du", "au", "aux", "va", "vers", "boîte", "boite", "rouge", "bleu", "bleue", "vert", "jaune",
    "prends", "mets", "dans", "s'il", "plaît", "plait", "cube", "et", "puis", "ne", "pas",
})


# Words that only frame a request ("your task:", "ok robot,"): a clause of nothing else is dropped.
# A sentence of nothing but these says nothing to do ("oh right.", "ok, fine.", "hmm, sorry."), as regex alternatives
INTERJECTIONS = (r"oh|ah|ahh|hmm|um|uh|ooh|aha|right|ok|okay|fine|sure|yes|yeah|yep|cool|alright|all right|good|great|sorry|"
                 r"thanks|ta|cheers|well|so|and|my bad|of course|true|i see")
FILLER_WORDS = frozenset({"your", "task", "job", "mission", "goal", "please", "ok", "okay", "hey", "robot", "listen",
                          "now", "alright", "so", "well", "hi", "hello", "thanks", "thank", "you", "here", "is", "i",
                          "want", "need", "this", "the", "next", "one", "for", "me", "right", "good", "great", "buddy",
                          "friend", "lam", "agent", "whenever", "ready", "are", "when", "if", "can", "could", "would",
                          "kindly", "just", "be", "am", "asking", "request", "order", "command", "instruction",
                          "it", "do", "that", "there", "whatever", "whichever", "however", "anyway", "anyways",
                          "though", "mean", "guess", "think", "suppose", "say", "what", "actually", "changed", "change",
                          "mind", "my", "plan", "plans", "of", "on", "thought", "thoughts", "new", "instead", "second",
                          # urgency said apart from the request ("quickly, go to the red box!"): the speed
                          # limits hold whatever is said
                          "quickly", "quick", "fast", "asap", "hurry", "immediately", "urgently", "promptly", "pronto",
                          "swiftly", "rapidly",
                          # thanks and terms of address ("ta", "cheers, mate", "there's a good lad")
                          "ta", "cheers", "mate", "love", "luv", "pal", "dear", "sweetheart", "lad", "chief", "boss"})
# Idioms for going somewhere whose first word would read as another request ("take yourself to").
GO_IDIOMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("take", "yourself"), ("go",)), (("get", "yourself"), ("go",)), (("drag", "yourself"), ("go",)),
    (("get", "to"), ("go", "to")), (("get", "over", "to"), ("go", "to")), (("get", "back", "to"), ("go", "back", "to")),
    (("make", "a", "beeline", "for"), ("go", "to")), (("make", "a", "beeline", "to"), ("go", "to")),
    (("make", "tracks", "to"), ("go", "to")), (("make", "tracks", "for"), ("go", "to")),
    (("take", "a", "trip", "to"), ("go", "to")), (("pay", "a", "visit", "to"), ("go", "to")),
    (("close", "in", "on"), ("go", "to")), (("home", "in", "on"), ("go", "to")), (("set", "off", "for"), ("go", "to")),
    (("set", "off", "to"), ("go", "to")), (("set", "course", "for"), ("go", "to")), (("set", "out", "for"), ("go", "to")),
    *(((verb, "in", "the", "direction", "of"), ("go", "towards")) for verb in ("go", "head", "move", "drive", "travel")),
    # "<verb> it to X" idioms of going, where "it" names nothing: "hightail it to the blue box"
    *(((verb, "it", *prep), ("go", "to")) for verb in ("hightail", "leg", "hoof", "beat", "hotfoot", "scoot")
      for prep in (("to",), ("over", "to"), ("back", "to"))),
    (("dock", "at"), ("go", "to")), (("dock", "by"), ("go", "to")), (("dock", "next", "to"), ("go", "to")),
    # unhurried: "take your time going to the red box"
    (("take", "your", "time", "going", "to"), ("go", "slowly", "to")),
    (("take", "your", "time", "getting", "to"), ("go", "slowly", "to")),
    (("take", "your", "time", "to", "go", "to"), ("go", "slowly", "to")), (("take", "your", "time"), ("slowly",)),
    # the one asking is where the robot started (as "bring me the cube" comes back there)
    (("come", "here"), ("come", "back")), (("come", "to", "me"), ("come", "back")),
    (("come", "over", "here"), ("come", "back")), (("get", "over", "here"), ("come", "back")),
    (("come", "back", "to", "me"), ("come", "back")), (("come", "back", "here"), ("come", "back")),
    *(((verb, nearer, *to_me), ("come", "back")) for verb in ("come", "move", "get", "drive") for nearer in ("closer", "nearer")
      for to_me in (("to", "me"), ("to", "us"))),
    (("come", "closer"), ("come", "back")), (("come", "nearer"), ("come", "back")),
    # a destination named as such: "your destination is the blue box", "destination: the green bin"
    *(((*owner, noun, "is"), ("go", "to")) for owner in (("your",), ("the",), ("our",), ())
      for noun in ("destination", "target", "goal")),
    *(((noun, ":"), ("go", "to")) for noun in ("destination", "target", "goal")),
)


def lemma(word: str) -> str:
    """A verb's plain form for matching cues: going -> go, driving -> drive, putting -> put, grabbed -> grab."""
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]                      # putting -> put, grabbed -> grab
            for candidate in (stem, stem + "e"):
                if candidate in ALL_CUES:
                    return candidate
            return stem
    if word.endswith("s") and len(word) > 3 and word[:-1] in ALL_CUES:
        return word[:-1]
    return word


def color_of(word: str) -> str | None:
    """World colour a word names, if any."""
    return _COLOR_INDEX.get(word)


def is_plural_kind(word: str) -> bool:
    """Whether ``word`` is the plural of a world kind's noun ("cubes", "crates"), not the noun itself."""
    kind = kind_of(word)
    return kind is not None and word.endswith("s") and \
        any(form in _KIND_INDEX and _KIND_INDEX[form] == kind for form in (word[:-1], word[:-2]))


def kind_of(word: str) -> str | None:
    """World kind a noun names (singular or plural), if any."""
    for form in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if form and form in _KIND_INDEX:
            return _KIND_INDEX[form]
    return None


def kind_said(word: str) -> str | None:
    """World kind a word names where it is taken as a noun: as kind_of, and "can(s)", which is no lexicon
    word because it is also the verb ("cans are fine again", "how many can is there?")."""
    return kind_of(word) or ("can" if word in ("can", "cans") else None)


_COLOR_INDEX = {w: c for c, words in COLOR_WORDS.items() for w in words}
_KIND_INDEX = {w: k for k, words in KIND_WORDS.items() for w in words}
assert set(COLOR_WORDS) == set(COLORS) and set(KIND_WORDS) == set(LABELS), "the lexicon covers the vocabulary"


SPELLED_TENS_AND_TEENS = frozenset({"twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety",
                                    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                    "hundred"})
# Words of turns and set distances (lam_core.language.motion), typo targets too: "trun left" is a turn
MOTION_WORDS = frozenset({"turn", "rotate", "forward", "forwards", "backward", "backwards", "reverse", "degrees",
                          "metres", "meters", "around", "clockwise", "anticlockwise", "counterclockwise"})


@lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Every word the lexicon itself knows (the targets of typo correction)."""
    words: set[str] = set(_COLOR_INDEX) | set(_KIND_INDEX) | set(OTHER_COLORS) | set(ANY_KIND_WORDS)
    for cues in ACTION_CUES.values():
        words.update(cues)
    for phrases in (STOP_PHRASES, RETURN_PHRASES, PROHIBITION_PHRASES, CORRECTION_MARKERS, SEQUENCE_MARKERS):
        for phrase in phrases:
            words.update(phrase.replace(",", " ").split())
    words.update(SLOW_WORDS | NEAREST_WORDS | FARTHEST_WORDS | LEFT_WORDS | RIGHT_WORDS | OTHER_WORDS | MIDDLE_WORDS)
    words.update(LARGEST_WORDS | SMALLEST_WORDS)
    words.update(ORDINALS)
    words.update({"the", "to", "up", "in", "into", "inside", "onto", "on", "of", "over", "towards", "toward", "next",
                  "beside", "behind", "front", "near", "by", "and", "please", "what", "which", "where", "how", "many",
                  "you", "see", "can", "is", "are", "there", "any", "your", "holding", "colour", "color", "pose",
                  "point", "a", "an", "it", "that", "this", "those", "them", "for", "with", "at", "from", "me"})
    words.update(MOTION_WORDS)
    words.update({"rad", "rads", "deg", "degs", "mm", "cm", "cms", "ft", "yd", "yds", "dm", "km", "kms", "mph", "kph", "mps"})
    words.update(SPELLED_TENS_AND_TEENS)  # typo targets: "thrity" is thirty, and "fourty" stays a number, not "fourth"
    return frozenset(words)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words (Debian's word list), empty when it is not installed."""
    try:
        text = ENGLISH_WORDS_FILE.read_text(encoding="utf-8", errors="ignore")
    except OSError:
        return frozenset()
    return frozenset(w.lower() for w in text.split() if "'" not in w)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count 1), cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


# Words a recogniser or a hurried typist writes for a kind, right after a colour ("the green been"):
# read as that kind (lam_core.language.parse), never corrected as a typo of another word first.
KIND_SOUNDALIKES = {"been": "bin", "ben": "bin", "bean": "bin", "binn": "bin", "cue": "cube", "queue": "cube",
                     "cubed": "cube", "cub": "cube", "cute": "cube", "books": "box", "bucks": "box", "fox": "box",
                     "bocks": "box", "boks": "box", "bokes": "box", "bocs": "box", "bax": "box",
                     # the newer kinds, as a recogniser mishears them after a colour ("the black battle")
                     "battle": "bottle", "bottel": "bottle", "model": "bottle", "corn": "cone", "cohn": "cone", "coan": "cone",
                     "comb": "cone", "phone": "cone", "plait": "plate", "play": "plate", "plaid": "plate", "plane": "plate",
                     "bull": "ball", "bawl": "ball", "ken": "tin", "con": "tin", "cam": "tin"}  # a noun "can" is the token "tin"
# Those that are no English noun, read as the kind after "the" too ("put it in the been").
NO_WORD_SOUNDALIKES = frozenset({"been", "binn", "bocks", "boks", "bokes", "bocs", "bax", "bottel", "cohn", "coan"})


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    """``word``, or the lexicon word it is a light typo of: one edit for words of 3-5 letters, two
    for longer ones; a word of the lexicon or of the English list is left alone."""
    known = lexicon_words()
    if word in known or word in KIND_SOUNDALIKES or len(word) < 3 or not word.isalpha():
        return word
    english = english_words()
    if word in english or (word.endswith("s") and word[:-1] in english):
        return word
    limit = 1 if len(word) <= 5 else 2
    best, best_key = word, (limit + 1, 2)
    for candidate in sorted(known):
        if abs(len(candidate) - len(word)) > limit:
            continue
        d = edit_distance(word, candidate, limit)
        # of candidates as near: the same letters swapped ("rde": red), then one the typo only left
        # letters out of ("wher": where, not when)
        key = (d, 0 if sorted(word) == sorted(candidate) else 1 if _is_subsequence(word, candidate) else 2)
        if d <= limit and key < best_key:
            best, best_key = candidate, key
    return best


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)
