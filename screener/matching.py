"""Turning a written food name into a food of the table.

A name as people log it has structure: a brand ("Dole - Banana", "Feta (Athenos)",
"Jif® Creamy Peanut Butter"), the food, the state it is in (raw, frozen, canned,
cooked, boiled …), the salt ("unsalted"), sizes and amounts ("Apple, medium",
"rice, 1 cup cooked"), and words that sell rather than say ("original", "classic").
`read_name` takes a name apart; `resolve_names` finds its food:

1. an exact name or alias of what is written, or of its food words, when that food
   agrees with every state the name states;
2. otherwise the foods whose names hold every food word and agree with the stated
   state (never canned for raw, never fresh for frozen, never raw for cooked). Where
   one does, it is taken (`fuzzy`); where several do, the form people usually mean is
   taken (`assumed`: the commonly eaten, plain form, salted where a product is sold
   salted, without salt for vegetables cooked at home), and the others are listed so
   that the person can pin one;
3. otherwise the name is asked about, with the closest foods as suggestions.

Every word list lives in this module's tables.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .cache import Deferred
from .foods import (
    SURVEY_DEFAULT,
    UNLIKELY_GROUPS,
    FoodTable,
    SearchIndex,
    default_foods,
    finds_names,
    kept_with_table,
    match_key,
)
from .models import MatchKind, Resolution
from .units import MASS_G, VOLUME_ML, AmountError, canonical_unit, parse_amount

# --- the words of a name ------------------------------------------------------------------

# State classes and the words (as match keys: lower case, singular) that say them.
RAW = "raw"
COOKED = "cooked"
FROZEN = "frozen"
CANNED = "canned"
DRIED = "dried"
DRY = "dry"  # as sold, uncooked: dry pasta, dry lentils (SR28 writes "raw" for pulses)
FRESH = "fresh"  # not canned, frozen or dried (SR28's "fresh" pork is not cured)
STATE_WORDS: dict[str, str] = {
    "raw": RAW, "uncooked": RAW,
    "cooked": COOKED, "boiled": COOKED, "baked": COOKED, "roasted": COOKED,
    "roast": COOKED, "broiled": COOKED, "grilled": COOKED, "fried": COOKED,
    "steamed": COOKED, "stewed": COOKED, "braised": COOKED, "simmered": COOKED,
    "poached": COOKED, "scrambled": COOKED, "microwaved": COOKED, "sauteed": COOKED,
    "toasted": COOKED, "barbecued": COOKED, "bbq": COOKED, "rotisserie": COOKED,
    "fry": COOKED,  # in a food's name: FNDDS's "Asian stir fry vegetables"
    "frozen": FROZEN,
    "canned": CANNED, "tinned": CANNED,
    "dried": DRIED, "dehydrated": DRIED, "dry": DRY,
    "fresh": FRESH,
}  # fmt: skip
# How a food was cooked, by kind: a name that says one prefers a food cooked that way.
COOKING_METHODS: dict[str, str] = {
    "grilled": "dry heat", "broiled": "dry heat", "roasted": "dry heat", "roast": "dry heat",
    "baked": "dry heat", "rotisserie": "dry heat", "barbecued": "dry heat", "bbq": "dry heat",
    "toasted": "dry heat",
    "boiled": "moist heat", "steamed": "moist heat", "poached": "moist heat",
    "stewed": "moist heat", "braised": "moist heat", "simmered": "moist heat",
    "fried": "fried", "sauteed": "fried", "scrambled": "scrambled", "microwaved": "microwaved",
    "fry": "fried",
}  # fmt: skip
# SR28 words that say a food is not raw, or is raw.
COOKED_NAME_WORDS = {word for word, state in STATE_WORDS.items() if state == COOKED} | {
    "heat", "prepared", "drained", "ready", "reconstituted",
}  # fmt: skip
RAW_NAME_WORDS = {"raw", "unprepared", "uncooked"}
DRIED_NAME_WORDS = {"dried", "dehydrated", "dry"}
SALTED_WORDS = {"salted"}
UNSALTED_WORDS = {"unsalted", "nosalt"}
# Food groups whose products a shop sells salted (their unqualified form is salted);
# vegetables and legumes cooked at home are SR28's "without salt".
HOME_COOKED_GROUPS = {"Vegetables and Vegetable Products", "Legumes and Legume Products"}
# Groups whose foods are logged as eaten, cooked, when the name does not say (rice).
AS_EATEN_COOKED_GROUPS = {
    "Cereal Grains and Pasta", "Legumes and Legume Products",
    "pasta, rice and grains", "legumes",  # CIQUAL's
    "Pasta", "Rice", "Pulses",  # Fineli's
}  # fmt: skip
# Groups of flesh foods: logged as eaten, so not raw where the name does not say it is.
FLESH_GROUPS = {
    "Poultry Products",
    "Pork Products",
    "Beef Products",
    "Finfish and Shellfish Products",
    "Lamb, Veal, and Game Products",
    "Beef, excludes ground",
    "Ground beef",
    "Pork",
    "Lamb, goat, game",
    "Turkey, duck, other poultry",
    "Chicken, whole pieces",
    "Liver and organ meats",
    "Fish",
    "Shellfish",
    # CIQUAL's (it files its raw and its cooked meats apart) and Fineli's
    "raw meat",
    "fish, raw",
    "seafood, raw",
    "Steaks and chops",
    "Chicken and other birds",
}

# Words that sell rather than say which food it is.
MARKETING_WORDS = {
    "natural", "organic", "premium", "homestyle",
    "authentic", "simply", "pure", "generic", "brand", "select", "signature", "favorite",
    "favourite", "famous", "gourmet", "deluxe", "the", "a", "an", "of", "and", "with",
    "in", "style", "homemade", "home", "made", "recipe", "my", "fresh", "delicious",
    "real", "old", "fashioned", "great", "value", "kirkland", "365", "everyday", "100%",
    "from", "or", "produce", "bakery", "bulk",  # "Cooked from Fresh", "Produce - Broccoli"
    "store", "bought", "storebought", "purchased",  # "White bread, store bought"
    "leftover", "leftovers",  # "leftover bolognese": the dish, eaten again
    # whom it was eaten with, and where it came from: "nuggets with the kids", "cheez its
    # from vending machine", "meal prep chicken"
    "kids", "children", "friends", "mates", "colleagues", "coworkers",
    "vending", "machine", "canteen", "cafeteria", "prep", "prepped",
}  # fmt: skip
# Sizes and measures written inside a name ("Egg, large", "Bagel, medium").
SIZE_WORDS = {
    "small", "medium", "large", "jumbo", "mini", "giant", "serving", "piece",
    "slice", "cup", "tbsp", "tsp", "oz", "g", "gram", "ml", "can", "bottle", "glass",
    "mug", "shot", "bowl", "portion", "scoop", "each", "lb", "lbs", "kg", "ounce",
    "ounces", "pound", "pounds", "fl", "tablespoon", "teaspoon", "cups", "pat", "dash",
    "pinch", "handful", "packet",
}  # fmt: skip
# Words that may say which food ("whole milk", "fish sticks", "extra firm tofu") or only
# how much ("1 whole banana", "1 stick"): they count where a name has them.
OPTIONAL_WORDS = {
    "whole", "extra", "stick", "large", "small", "medium", "jumbo", "baby",
    # forms: how it was cut or made ready, where the name of a food may say it or not
    "chopped", "sliced", "diced", "cubed", "shredded", "minced", "grated", "crumbled",
    "halves", "halved", "florets", "floret", "spears", "strips", "pieces", "mashed",
    "ground", "fillet", "fillets", "filet", "steak", "steaks", "chunk", "chunks", "cut",
    "boneless", "strip", "link", "stalk", "leg", "tail", "wedge", "rolled", "shelled",
    "liquid", "squeezed", "plain", "riced", "spiralized", "mini", "pulp", "deli",
    # words of a product's name that SR28 sometimes keeps ("Refried beans, traditional")
    "original", "classic", "traditional", "regular",
}  # fmt: skip
# What people write -> the words SR28 uses (as match keys); longer phrases first.
SYNONYMS: dict[str, str] = {
    "chick pea": "chickpea", "garbanzo bean": "chickpea", "garbanzo": "chickpea",
    "cous cous": "couscous", "yoghurt": "yogurt", "ketchup": "catsup",
    "mayo": "mayonnaise", "tomato ketchup": "catsup", "creamy": "smooth", "chunky": "chunk",
    "coke": "cola",
    "soda": "carbonated beverage", "pop": "carbonated beverage", "fries": "french fried",
    "fry": "french fried", "stir fry": "stir fried", "stirfry": "stir fried",
    "pan fried": "fried", "pan fry": "fried", "deep fried": "fried", "deep fry": "fried",
    "portabello": "portabella", "portobello": "portabella",
    "hard boiled": "hard boiled", "hardboiled": "hard boiled", "ground beef": "beef ground",
    "hamburger meat": "beef ground",
    "turkey slices": "deli turkey", "sliced turkey": "deli turkey",
    "pork ribs": "pork spareribs", "spare ribs": "spareribs", "spare rib": "spareribs",
    "mince": "ground", "prawn": "shrimp", "courgette": "zucchini", "aubergine": "eggplant",
    "green onion": "scallion", "spring onion": "scallion", "skim": "nonfat",
    "lite": "light",
    "pb": "peanut butter", "oj": "orange juice", "espresso": "coffee espresso",
    "sweet pea": "green pea", "2% milk": "reduced fat milk 2%", "1% milk": "lowfat milk 1%",
    "milk 2%": "reduced fat milk 2%", "milk 1%": "lowfat milk 1%",
    "bbq sauce": "barbecue sauce", "barbeque sauce": "barbecue sauce",
    "coca cola": "cola", "ribeye": "rib eye", "hot dog": "frankfurter",
    # Cronometer's phrases
    "skin removed before cooking": "skinless", "skin removed": "skinless",
    "no visible fat eaten": "lean only", "no sugar added": "unsweetened",
    "chicken cutlet": "chicken breast",
    "part skim": "part skim", "hamburger patty": "beef ground patty",
    "burger patty": "beef ground patty",
    "wiener": "frankfurter", "frank": "frankfurter",
    "black eyed pea": "cowpea", "blackeyed pea": "cowpea", "bell pepper": "sweet pepper",
    "sugar snap pea": "edible podded pea", "snap pea": "edible podded pea",
    "snow pea": "edible podded pea", "mac n cheese": "macaroni and cheese",
    "mac and cheese": "macaroni and cheese", "mac cheese": "macaroni and cheese",
    "w": "with", "donut": "doughnut", "omelette": "omelet", "omlette": "omelet",
    # dishes as people say them, in FNDDS's words
    "beef burger": "hamburger", "bread roll": "roll", "toast": "bread toasted",
    "french toast": "french toast",
    "bolognese": "with meat sauce",
    # pasta shapes: SR28 has pasta, spaghetti and macaroni
    "penne": "pasta", "rigatoni": "pasta", "ziti": "pasta", "rotini": "pasta",
    "fusilli": "pasta", "farfalle": "pasta", "bow tie": "pasta", "linguine": "pasta",
    "fettuccine": "pasta", "fettucine": "pasta", "angel hair": "spaghetti",
}  # fmt: skip
# A coffee-shop syrup named before the drink is FNDDS's "flavored" latte or coffee
# ("vanilla latte": "Coffee, Latte, flavored")
SYNONYMS |= {
    f"{flavour} {drink}": f"{drink} flavored"
    for flavour in ("vanilla", "caramel", "hazelnut", "cinnamon", "pumpkin spice",
                    "gingerbread", "toffee", "peppermint", "mocha", "maple", "coconut")
    for drink in ("latte", "iced latte", "coffee", "iced coffee")
}  # fmt: skip
# How an egg was fried, as a diner says it
SYNONYMS |= {way: "fried" for way in ("over easy", "over medium", "over hard", "sunny side up")}
# British, Irish and Australian words for what the USDA tables name in American English
# (the food words of the usual British/American glossaries), used only where the table in
# use has no food named so (CIQUAL, AFCD and Fineli write "beetroot", "rocket",
# "semi-skimmed"); words with two meanings across the Atlantic (chips, biscuit, jelly,
# squash, cider) left out.
REGIONAL_WORDS: dict[str, str] = {
    "rocket": "arugula", "sweetcorn": "sweet corn", "jacket potato": "baked potato",
    "skimmed": "nonfat", "semi skimmed": "reduced fat", "fish finger": "fish stick",
    "calamari": "squid", "potato crisp": "potato chip", "beetroot": "beet",
    "mangetout": "edible podded pea", "swede": "rutabaga", "gammon": "ham",
    "pak choi": "bok choy", "pak choy": "bok choy", "double cream": "heavy cream",
    "single cream": "light cream", "icing sugar": "powdered sugar",
    "caster sugar": "granulated sugar", "plain flour": "all purpose flour",
    "wholemeal": "whole wheat", "rapeseed oil": "canola oil", "tinned": "canned",
    "streaky bacon": "bacon", "back bacon": "canadian bacon", "ice lolly": "ice pop",
    "candyfloss": "cotton candy", "broad bean": "fava bean", "french bean": "green bean",
    "sultana": "golden raisin", "treacle": "molasses", "cos lettuce": "romaine lettuce",
    "soya milk": "soymilk", "soya": "soy", "kipper": "kippered herring",
    "chilli": "chili", "fizzy drink": "carbonated beverage",
    "soft drink": "carbonated beverage", "lager": "beer",
    "coriander leaves": "cilantro", "bulgur wheat": "bulgur", "crisps": "potato chips",
    "brown bread": "whole wheat bread", "capsicum": "sweet pepper",
    "rockmelon": "cantaloupe", "spag bol": "spaghetti bolognese", "porridge": "oatmeal",
    "cottage pie": "shepherd's pie with beef", "apple crumble": "apple crisp",
    "flat white": "latte",
    "peppermint tea": "herbal tea", "mint tea": "herbal tea", "prosecco": "white wine",
    "cava": "white wine", "veg": "vegetable", "choc": "chocolate", "vego": "vegetarian",
    "avo": "avocado", "springwater": "water",
    # (and SR28's own word, where a table has no oatmeal: "Cereals, oats, …, cooked")
    "oatmeal": "oat",
}  # fmt: skip
_REGIONAL = re.compile(
    r"\b("
    + "|".join(
        r"[\s-]+".join(map(re.escape, phrase.split()))
        for phrase in sorted(REGIONAL_WORDS, key=len, reverse=True)
    )
    + r")(?:e?s)?\b",
    re.IGNORECASE,
)


# A size a name starts with ("large fries", "a small latte"): how much, not which food,
# unless a food of the table names that size beside the food ("Lima beans, large").
_LEADING_SIZE = re.compile(
    r"^\s*(?:(?:a|an|one)\s+)?(small|medium|large|jumbo|regular|extra large)\s+(?=[a-z])", re.I
)


def _without_leading_size(text: str, index: SearchIndex) -> str:
    """TEXT without the size it starts with, where no food of the table whose name has
    the next word names that size too ("large fries" -> "fries"; "large lima beans"
    kept: SR28's "Lima beans, large, mature seeds")."""
    found = _LEADING_SIZE.match(text)
    if found is None:
        return text
    rest = text[found.end() :]
    words = match_key(rest).split()
    if not words:
        return text
    size = found.group(1).lower()
    rows = index.rows_with(words[0])
    # (the size a part of the name of its own: "Lima beans, large, …", no "medium
    # crust" of a pizza)
    named = any(size in _parts(index.full_names[row]) for row in rows)
    return text if named else rest


def _parts(name: str) -> set[str]:
    return {part.strip().lower() for part in name.split(",")}


def _in_table_words(text: str, index: SearchIndex) -> str:
    """TEXT with its regional words in the words of the table, where it has none of them
    ("rocket" -> "arugula" for the USDA tables; AFCD's own "Rocket" kept)."""

    def swap(found: re.Match) -> str:
        phrase = " ".join(re.split(r"[\s-]+", found.group(1).lower()))
        key = match_key(phrase)
        rows = set(index.rows_with(key.split()[0]))
        named = any(f" {key} " in f" {index.names[row]} " for row in rows)
        return found.group(0) if named else REGIONAL_WORDS[phrase]

    return _REGIONAL.sub(swap, text)


# Brands people log by, written before the food without a dash ("Goya Chick Peas",
# "Sun-Maid Raisins"): read as the brand. Where a brand sells a food in one form, the
# form it sells, taken when the name states none ("Bush's Black Beans" are canned).
BRAND_FORMS: dict[str, str | None] = {
    # canned
    "bush": CANNED, "bush best": CANNED, "goya": CANNED, "del monte": CANNED,
    "libby": CANNED, "hunt": CANNED, "campbell": CANNED, "progresso": CANNED,
    "starkist": CANNED, "bumble bee": CANNED, "chicken of the sea": CANNED,
    "chef boyardee": CANNED, "s&w": CANNED, "allens": CANNED, "la choy": CANNED,
    "rosarita": CANNED, "old el paso": CANNED, "ro tel": CANNED, "muir glen": CANNED,
    "eden": CANNED, "wild planet": CANNED, "safe catch": CANNED, "king oscar": CANNED,
    "swanson": CANNED, "dinty moore": CANNED,
    # frozen
    "birds eye": FROZEN, "stouffer": FROZEN, "lean cuisine": FROZEN, "healthy choice": FROZEN,
    "marie callender": FROZEN, "banquet": FROZEN, "totino": FROZEN, "digiorno": FROZEN,
    "eggo": FROZEN, "ore ida": FROZEN, "hot pocket": FROZEN, "cascadian farm": FROZEN,
    "tgi friday": FROZEN, "van de kamp": FROZEN, "gorton": FROZEN,
    # pasta: logged dry from the packet, or cooked; the name must say which
    "barilla": None, "de cecco": None, "ronzoni": None, "mueller": None, "rao": None,
    # brands of many forms: the brand only
    "sun maid": None, "blue diamond": None, "kerrygold": None, "bolthouse farm": None,
    "fresh express": None, "trader joe": None, "great value": None, "kirkland": None,
    "kirkland signature": None, "wonderful": None, "planter": None, "david": None,
    "bob red mill": None, "sabra": None, "fage": None, "chobani": None, "athenos": None,
    "daisy": None, "reddi wip": None, "oscar mayer": None, "jack link": None,
    "hormel": None, "nature valley": None, "kellogg": None, "general mill": None,
    "post": None, "quaker": None, "kraft": None, "dannon": None, "yoplait": None,
    "tropicana": None, "minute maid": None, "simply": None, "starbuck": None,
    "dunkin": None, "ocean spray": None, "dole": None, "chiquita": None, "driscoll": None,
    "tyson": None, "perdue": None, "foster farm": None, "butterball": None,
    "jennie o": None, "hillshire farm": None, "boar head": None, "applegate": None,
    "johnsonville": None, "jimmy dean": None, "smithfield": None, "land o lake": None,
    "tillamook": None, "cabot": None, "sargento": None, "horizon": None, "organic valley": None,
    "fairlife": None, "silk": None, "almond breeze": None, "oatly": None, "siggi": None,
    "oikos": None, "two good": None, "noosa": None, "lactaid": None, "egg land best": None,
    "eggland best": None, "vital farm": None, "pete and gerry": None, "nasoya": None,
    "house food": None, "morningstar farm": None,
    "amy": None, "annie": None, "pepperidge farm": None, "nabisco": None,
    "sara lee": None, "nature own": None, "dave killer bread": None, "arnold": None,
    "thoma": None, "wonder": None, "king arthur": None, "gold medal": None,
    "skippy": None, "jif": None, "smucker": None, "justin": None, "heinz": None,
    "hellmann": None, "best food": None, "kikkoman": None,
    "newman own": None, "hidden valley": None, "ken": None, "frito lay": None, "lay": None,
    "ben and jerry": None, "haagen dazs": None, "breyer": None, "blue bell": None,
    "hershey": None, "mar": None, "lindt": None, "ghirardelli": None, "welch": None,
    "mott": None, "musselman": None, "uncle ben": None, "ben original": None,
    "minute": None, "zatarain": None, "knorr": None, "lipton": None, "celestial": None,
    "folger": None, "maxwell house": None, "nescafe": None, "la croix": None,
}  # fmt: skip
# Generic words: a name made only of these ("drink", "protein bar", "bowl") says too
# little to take any food for it.
GENERIC_WORDS = {
    "drink", "beverage", "bar", "bowl", "shake", "powder", "protein", "supplement",
    "snack", "meal", "plate", "food", "quick", "add", "calorie", "vitamin", "mix",
    "leftover", "dinner", "lunch", "breakfast", "side", "dish", "entree", "buffet",
}  # fmt: skip
# First segments of SR28 names that are a category, not the food ("Fish, salmon, …").
CATEGORY_HEADS = {
    "beverages", "alcoholic beverage", "alcoholic beverages", "fish", "crustaceans", "mollusks",
    "nuts", "seeds",
    "cheese", "cereals", "cereals ready-to-eat", "snacks", "candies", "cookies", "crackers",
    "soup", "sauce", "spices", "oil", "salad dressing", "game meat", "beef", "pork",
    "lamb", "veal", "chicken", "turkey", "babyfood", "fast foods", "restaurant",
    "formulated bar", "bread", "rolls", "cake", "pie", "milk", "yogurt", "egg", "rice",
    "pasta", "noodles", "spaghetti", "luncheon meat", "sausage", "frankfurter", "juice",
    "fruit", "vegetables", "potatoes", "beans", "lentils", "peas", "infant formula",
}  # fmt: skip
# Of those, the heads that say what kind of product it is: a name that lacks the word
# means another food ("raisins" are no "Bread, raisin"; "olive" is no "Oil, olive").
PRODUCT_HEADS = {
    "bread", "rolls", "cake", "pie", "oil", "milk", "yogurt", "juice", "infant formula",
    "babyfood", "cookies", "crackers", "soup",
}  # fmt: skip
# First segments of SR28 names that make a food a dish or a product of its own: taken
# for a name only when the name says so ("canned black beans" is no black bean soup).
DISH_HEADS = {"soup", "sauce", "fast", "restaurant", "babyfood", "formulated"}
# Words of a dish or a product made of the food, as FNDDS writes them in a name's first
# part ("Lentil soup", "Crab salad made with imitation crab", "Beef taco filling"): a
# name that does not say one means the food itself.
DISH_WORDS = {
    "soup", "salad", "sandwich", "sauce", "gravy", "filling", "casserole", "stew", "dip",
    "chowder", "pie", "nachos", "burrito", "taco", "pizza", "wrap", "smoothie", "shake",
    "dressing", "spread", "roll", "patty", "dinner", "meal", "mixture", "stuffing",
}  # fmt: skip
# Vessels that name a dish when a food word comes before them ("poke bowl", "burrito
# bowl", "combo plate": a dish served so), not how much ("a bowl of oatmeal"): kept
# among the food words, so only a food whose name has the word is taken.
SERVED_WORDS = {"bowl", "plate", "platter"}

# Forms people rarely mean unless they say so.
RARE_FORM_WORDS = {
    "game", "wild", "solution", "australian", "zealand", "imported", "babyfood", "infant",
    "toddler",
    "alaska", "native", "navajo", "hopi", "apache", "shoshone", "industrial",
    "institutional", "formulated", "mix", "powder", "concentrate", "unprepared",
    "dehydrated", "imitation", "substitute", "topping", "dietetic", "diabetic",
    "evaporated", "condensed", "basted", "retail", "school", "lunch", "restaurant", "diet",
    "decaffeinated", "decaf", "low", "reduced", "free", "lowfat", "lite", "light", "nonfat",
    "deli", "prepackaged", "luncheon", "sweetened", "caffeine", "alcoholic", "instant",
    "sodium",  # "low sodium": sodium is screened, so the regular form unless it is said
    # flavours: a name means one only when it says it ("glazed donut" is no chocolate one)
    "chocolate", "vanilla", "strawberry", "cinnamon", "maple", "caramel", "flavored",
    # FNDDS: a restaurant's or fast food's version, a food as another dish's ingredient
    "fast", "ingredient", "meatless",
    # a milk substitute ("Coffee, Latte, with non-dairy milk" is no coffee with milk)
    "non", "nondairy",
    # another animal's milk or egg than the cow's and the hen's (CIQUAL, Fineli name
    # "Goat milk", "EGG, QUAIL" beside the plain food)
    "goat", "sheep", "ewe", "mare", "buffalo", "quail", "duck", "goose", "organic",
    # a region's own way, unsaid ("Potato salad, German style", "…, Puerto Rican style")
    "german", "puerto", "rican", "cuban", "creole", "cajun", "filipino", "jamaican",
    # parts of a bird or beast few mean by its name alone ("Chicken, feet, boiled")
    "feet", "neck", "tail", "giblets", "gizzard", "gizzards",
}  # fmt: skip


def _keys(words: set[str]) -> set[str]:
    """The words as match keys (singular, lower case), as names are compared."""
    return {match_key(word) for word in words if match_key(word)}


STATE_KEYS = {match_key(word): state for word, state in STATE_WORDS.items()}
METHOD_KEYS = {match_key(word): kind for word, kind in COOKING_METHODS.items()}
COOKED_NAME_KEYS = _keys(COOKED_NAME_WORDS)
RAW_NAME_KEYS = _keys(RAW_NAME_WORDS)
DRIED_NAME_KEYS = _keys(DRIED_NAME_WORDS)
MARKETING_KEYS = _keys(MARKETING_WORDS)
SIZE_KEYS = _keys(SIZE_WORDS)
OPTIONAL_KEYS = _keys(OPTIONAL_WORDS)
CUT_KEYS = _keys({"fillet", "fillets", "filet", "steak", "steaks"})  # a cut of fish or meat
GENERIC_KEYS = _keys(GENERIC_WORDS)
CATEGORY_KEYS = {match_key(head) for head in CATEGORY_HEADS}
PRODUCT_KEYS = {match_key(head) for head in PRODUCT_HEADS}
TWO_WORD_CATEGORIES = {key for key in CATEGORY_KEYS if len(key.split()) == 2}
RARE_FORM_KEYS = _keys(RARE_FORM_WORDS)
# Rare forms not ready to eat as they are
AS_SOLD_KEYS = _keys({
    "unprepared", "uncooked", "mix", "powder", "concentrate", "dehydrated", "formulated",
    "infant", "babyfood", "toddler",
})  # fmt: skip
DISH_KEYS = _keys(DISH_WORDS)
# Words that say a food is a stand-in for the one it names ("Non-dairy milk")
NOT_THE_FOOD_KEYS = _keys({"non", "nondairy", "meatless", "imitation"})
SERVED_KEYS = _keys(SERVED_WORDS)
# What a brand's product is often named after the flavour of: a bar or drink called "Pecan
# Pie", "Cookie Dough", "Banana Bread"
FLAVOUR_NAMED_KEYS = _keys({
    "pie", "cake", "cookie", "cookies", "bread", "muffin", "brownie", "cheesecake",
    "pudding", "crumble", "cobbler", "tart",
})  # fmt: skip
# Rare forms that say where a food was made, not what it is
SETTING_KEYS = _keys({"restaurant", "fast", "school", "institutional", "industrial", "retail"})
MEAT_ONLY = frozenset(match_key("meat only").split())
SKIN_NOT_EATEN = frozenset(match_key("skin not eaten").split())
FAT_KEYS = _keys({"fat", "oil", "butter", "margarine", "lard", "spray"})
COATING_KEYS = _keys({"coated", "breaded", "battered", "fried"})
# Words of SR28 names that tell nothing about which food it is.
NEUTRAL_KEYS = _keys({
    "plain", "regular", "all", "enriched", "unenriched", "commercially", "prepared",
    "type", "types", "mixed", "species", "variety", "varieties", "include", "includes",
    "salt", "without", "added", "fluid", "grades", "classes", "us", "usda", "commodity",
    "or", "and", "with", "in", "of", "from", "to", "style", "broiler", "broilers", "fryer",
    "fryers", "boneless", "skinless", "meat", "only", "separable", "mature", "seeds",
    # a restaurant's cuisine or style, a drink's fizz: not what the food is
    "chinese", "italian", "mexican", "asian", "family", "latino", "carbonated",
    # FNDDS's "NFS" (not further specified) and "NS as to ...": a detail left unsaid
    "nfs", "ns", "as",
})  # fmt: skip
# the words that never say which food a name is: its state, size, marketing and the like
# A word that leads a way of cooking FNDDS names: "Stir fried beef and vegetables"
METHOD_LEAD_KEYS = _keys({"stir"})
NOT_WHICH_FOOD_KEYS = frozenset(STATE_KEYS) | SIZE_KEYS | MARKETING_KEYS | NEUTRAL_KEYS
NO_FOOD_KEYS = (
    set(STATE_KEYS) | SIZE_KEYS | MARKETING_KEYS | OPTIONAL_KEYS
    | _keys({"salted", "unsalted", "salt", "no", "without", "with", "hard", "soft", "bone"})
)  # fmt: skip
BRAND_FORM_KEYS = {tuple(match_key(brand).split()): form for brand, form in BRAND_FORMS.items()}
LONGEST_BRAND = max(len(brand) for brand in BRAND_FORM_KEYS)
SYNONYM_KEYS = {match_key(k): match_key(v) for k, v in SYNONYMS.items()}
_SYNONYM = re.compile(  # whole words; "%" is part of a word ("2% milk")
    r"(?<![\w%])("
    + "|".join(sorted(map(re.escape, SYNONYM_KEYS), key=len, reverse=True))
    + r")(?![\w%])"
)
_MARKS = re.compile(r"[®™©]")
_NOT_SPECIFIED = re.compile(r"\bNS as to ([^,]+)")
_RAW_FOOD = re.compile(r"(?<!from )\b(?:raw|uncooked|unprepared)\b", re.IGNORECASE)
# "other than chamomile", "except X", "not chocolate" (not FNDDS's "skin not eaten")
_OTHER_THAN = re.compile(r"\b(?:other than|except|not(?! eaten\b))(?: [a-z0-9%]+){1,2}")
_LEAN_FAT = re.compile(r"\b(\d{2})\s*/\s*(\d{1,2})\b")
_PARENTHESES = re.compile(r"\(([^)]*)\)")
_CAPITAL_WORD = re.compile(r"\b[A-Z][A-Z0-9'’&-]*[A-Z]\b")
_OTHER_WORD = re.compile(r"\b[A-Za-z0-9'’&-]*[a-z][A-Za-z0-9'’&-]*\b")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’`]s\b")  # "Mott's", "cheerio's": the word itself


@dataclass(frozen=True)
class WrittenName:
    """A name taken apart (every word a match key)."""

    written: str
    food: tuple[str, ...]  # the words that say which food
    states: frozenset[str]  # STATE_WORDS classes the name states
    methods: frozenset[str]  # COOKING_METHODS kinds it states
    brand: tuple[str, ...]  # words of a brand part ("Dole - …", "(Athenos)")
    salt: bool | None  # True salted, False unsalted, None not said
    skin: bool | None = None  # False: "no skin", "skinless"
    homemade: bool = False
    written_states: tuple[str, ...] = ()  # the state words as written ("rotisserie")
    # the words of the first part of a name written in parts ("Salami, Genoa"): what the
    # food is; the rest says which
    head: tuple[str, ...] = ()
    joins: bool = False  # two foods joined ("Tortilla and cheese", "coffee with milk")
    # what the name says the food is without ("without peel", "not frosted"): no food
    # that comes "with" it
    lacks: tuple[str, ...] = ()
    # the words that say what the dish is, of each food it joins ("roll" of "sausage
    # roll", "spaghetti" of "spaghetti with meat sauce": the last food word before "with")
    heads: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return " ".join(self.food)

    @property
    def qualified(self) -> bool:
        """Whether the name says more than its food words: a brand, state, salt, skin."""
        return bool(
            self.states or self.brand or self.homemade or self.lacks
            or self.salt is not None or self.skin is not None
        )  # fmt: skip


def _is_amount(text: str) -> bool:
    """'1 cup', '4 oz', '12 oz can', '2': an amount; '2%' or '93/7' is not."""
    try:
        _, unit = parse_amount(text)
    except AmountError:
        return False
    first = match_key(unit).split()[:1]
    return not unit or (
        bool(first)
        and (
            canonical_unit(first[0]) in MASS_G
            or canonical_unit(first[0]) in VOLUME_ML
            or first[0] in SIZE_KEYS
        )
    )


def _brand_forms(brand: list[str]) -> set[str]:
    """The forms the brands among BRAND's words sell (BRAND_FORMS)."""
    return {
        form
        for start in range(len(brand))
        for length in range(1, LONGEST_BRAND + 1)
        if (form := BRAND_FORM_KEYS.get(tuple(brand[start : start + length])))
    }


def _leading_brand(words: list[str]) -> int:
    """How many of WORDS, from the first, are a brand of BRAND_FORMS (0: none)."""
    for length in range(min(LONGEST_BRAND, len(words)), 0, -1):
        if tuple(words[:length]) in BRAND_FORM_KEYS:
            return length
    return 0


def _brand_known(brand: tuple[str, ...]) -> bool:
    """Whether BRAND's words hold a brand of BRAND_FORMS."""
    return any(
        tuple(brand[start : start + length]) in BRAND_FORM_KEYS
        for start in range(len(brand))
        for length in range(1, LONGEST_BRAND + 1)
    )


def _says_no_food(text: str) -> bool:
    """Whether TEXT holds only states, sizes, amounts, salt and selling words."""
    return all(
        part.strip() == "" or _is_amount(part.strip()) or all(
            w in NO_FOOD_KEYS or w[:1].isdigit() for w in match_key(part).split()
        )
        for part in text.split(",")
    )  # fmt: skip


@functools.lru_cache(maxsize=20_000)
def read_name(written: str) -> WrittenName:
    """WRITTEN taken apart: brand, food words, states, salt (see the module's tables)."""
    text = _POSSESSIVE.sub("", _MARKS.sub(" ", written))
    # "93/7 ground beef": SR28 writes "93% lean meat / 7% fat"
    text = _LEAN_FAT.sub(lambda m: f"{m.group(1)}% lean meat {m.group(2)}% fat", text)
    brand: list[str] = []
    head, dash, rest = text.partition(" - ")
    if dash and head.strip() and rest.strip():
        if _says_no_food(rest):  # "Butter - Salted, 1 pat", "Spam - Classic": the food first
            text = f"{head}, {rest}"
        elif _says_no_food(head):  # "Frozen - Shrimp": a state, then the food
            text = f"{rest}, {head}"
        else:  # "Brand - Food", as apps write it; "Brand - Food - Size": parts of it
            rest = rest.replace(" - ", ", ")
            words = [w for w in match_key(head).split() if w not in MARKETING_KEYS]
            known = _leading_brand(words)
            if known and known < len(words):  # "Quaker Instant Oatmeal - Maple & Brown Sugar"
                brand += words[:known]
                text = f"{' '.join(words[known:])} {rest}"
            else:
                brand += words
                text = rest
    kept = []
    for inside in _PARENTHESES.findall(text):  # "(Athenos)", "(cooked)", "(78g)", "(deli)"
        words = match_key(inside).split()
        if any(word in STATE_KEYS or word in RARE_FORM_KEYS for word in words):
            kept += words
        elif not _is_amount(inside):
            brand += words
    text = _PARENTHESES.sub(" ", text)
    segments = [s.strip() for s in text.split(",")]
    words: list[str] = []
    for position, segment in enumerate(segments):
        segment_words = match_key(segment).split()
        if position and (
            _is_amount(segment)
            or set(segment_words) <= SIZE_KEYS | MARKETING_KEYS | set(STATE_KEYS)
        ):  # "strawberries, 1 cup", "Apple, medium": only its states count
            words += [w for w in segment_words if w in STATE_KEYS]
            continue
        # a size after a number is an amount ("Coke 12 oz"); elsewhere it may be the food
        # ("peanut butter cups")
        words += [
            w
            for at, w in enumerate(segment_words)
            if not (w in SIZE_KEYS and at and segment_words[at - 1][:1].isdigit())
        ]
    words += kept
    text = _SYNONYM.sub(lambda m: SYNONYM_KEYS[m.group(1)], " ".join(words))
    words = text.split()
    # a brand written before the food ("Goya Chick Peas"), when a food word follows
    length = _leading_brand(words[:-1])
    brand += words[:length]
    words = words[length:]
    salt = None
    if "salted" in words or ({"with", "salt"} <= set(words) and "without" not in words):
        salt = True
    if "unsalted" in words or {"without", "salt"} <= set(words) or {"no", "salt"} <= set(words):
        salt = False
    joined = f" {' '.join(words)} "
    if re.search(r" (?:no|without) bone ", joined):  # "No Skin, No Bone": boneless
        words = re.sub(r" (?:no|without) bone ", " boneless ", joined).split()
    skin = (
        False if re.search(r" (?:no|without) skin | skinless | skin not eaten ", joined) else None
    )
    if skin is None and re.search(r" (?:with )?skin eaten | with skin ", joined):
        skin = True  # FNDDS's "skin eaten", as Cronometer writes it too
    # "Cucumber, raw, without peel", "Chocolate cake, not frosted": salt, skin and bone
    # have their own reading above
    lacks = tuple(
        word for at, word in enumerate(words[1:], 1)
        if words[at - 1] in {"without", "no", "not"} and word not in NOT_LACKED
    )  # fmt: skip
    if lacks:
        words = [
            word for at, word in enumerate(words)
            if word not in lacks and not (at + 1 < len(words) and words[at + 1] in lacks)
        ]  # fmt: skip
    homemade = bool(re.search(r" (?:homemade|home made) ", joined))
    # "cooked from dried", "cooked from fresh" (Cronometer, FNDDS): the form before it was
    # cooked, which a cooked legume or vegetable's name need not say (SR28's "Mung beans,
    # mature seeds, cooked" were dried); "cooked from frozen" stays said (SR28 writes it)
    before_cooking = {
        form
        for cooked, form in _COOKED_FROM.findall(match_key(written))
        if STATE_KEYS.get(cooked) == COOKED
    }
    states = frozenset(STATE_KEYS[w] for w in words if w in STATE_KEYS and w not in before_cooking)
    if not states:  # the form the brand sells ("Bush's Best - Black Beans": canned)
        states = frozenset(_brand_forms(brand))
    methods = frozenset(METHOD_KEYS[w] for w in words if w in METHOD_KEYS)
    first = match_key(segments[0]).split()
    # "poke bowl": the vessel after a food word names the dish (a size or number before
    # it says how much: "oatmeal 1 bowl", "a large bowl")
    served = first[-1] if len(first) > 1 and first[-1] in SERVED_KEYS and not (
        first[-2][:1].isdigit() or first[-2] in SIZE_KEYS | MARKETING_KEYS
    ) else None  # fmt: skip
    food = tuple(
        w
        for w in words
        if w not in STATE_KEYS
        and w not in MARKETING_KEYS
        and (
            w not in SIZE_KEYS
            or w in OPTIONAL_KEYS
            or w in {"cup", "piece", "stick"}
            or w == served
        )
        and w not in {"salted", "unsalted", "salt", "without", "no"}
        and not re.fullmatch(r"[\d./]+(?:oz|g|ml|lb|mg|mcg|iu)?", w)
    )
    food = tuple(
        w for w in food
        if not (skin is not None and w in {"skin", "skinless", "eaten", "not"})
    )  # fmt: skip
    written_states = tuple(w for w in words if w in STATE_KEYS)
    # "and", "&", "with", "w/" between two food words: a dish or a plate of two foods
    # (not the skin, bone or salt a food is said with: "chicken breast with skin")
    joins = any(
        set(after.group(1).split()) & set(food)
        for after in re.finditer(
            r"\w (?:and|with|w) (\w.*?)(?= (?:and|with|w) |$)",
            match_key(written.replace("&", " and ")),
        )
    )
    head = tuple(match_key(_SYNONYM.sub(lambda m: SYNONYM_KEYS[m.group(1)], match_key(
        segments[0]))).split()) if len(segments) > 1 else ()  # fmt: skip
    # (a name of one food word has no parts to turn around)
    # (a word that says how it was cooked is no head: "stir" of "beef stir fry")
    heads = (
        _head_words(list(head) or words, set(food) - OPTIONAL_KEYS - METHOD_LEAD_KEYS)
        if len(food) > 1 else ()
    )  # fmt: skip
    return WrittenName(
        written, food, states, methods, tuple(brand), salt, skin, homemade, written_states,
        head, joins, lacks, frozenset(heads),
    )  # fmt: skip


# Words after which a name says what goes with its food, or what it is made of
# ("Soy sauce made from soy and wheat", "Spaghetti, with meatballs in tomato sauce").
JOINT_KEYS = _keys({"with", "in", "on", "made", "from", "filled"})


def _head_words(words: list[str], food: set[str]) -> frozenset[str]:
    """Of a phrase's WORDS, the last of FOOD's before its "with" (JOINT_KEYS), in each of
    the foods "and" or "or" join: what the dish is ("sausage roll" is a roll, "Spaghetti
    sauce with meat" a sauce, "Beans and rice" beans and rice)."""
    cut = next((at for at, word in enumerate(words) if word in JOINT_KEYS), len(words))
    heads, last = set(), None
    for word in [*words[:cut], "and"]:
        if word in {"and", "or"}:
            heads |= {last} if last else set()
            last = None
        elif word in food:
            last = word
    return frozenset(heads)


# What "without", "no" or "not" before it does not say a food lacks: salt, skin and bone
# (read apart), FNDDS's "skin not eaten", "no added fat", "no fat", "no sugar" (how much
# of a nutrient), "not from concentrate", "not further specified", and the like
NOT_LACKED = (
    _keys({"salt", "skin", "bone", "eaten", "added", "fat", "sugar", "further"})
    | MARKETING_KEYS
    | NEUTRAL_KEYS
)
_COOKED_FROM = re.compile(r"\b([a-z]+) from (dried|dry|fresh)\b")
_WITH = re.compile(r"\bwith ((?:[a-z]+ ){0,2}[a-z]+)")


def _stem(word: str) -> str:
    """'frosted', 'frosting' -> 'frost': a word's stem, to find it in another form."""
    for ending in ("ing", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _lacking(name: WrittenName, words: frozenset[str]) -> bool:
    """Whether a food whose name has WORDS says it lacks what NAME says its food lacks
    ("Cucumber, peeled, raw", "Cake, chocolate, prepared from recipe without frosting",
    "Soymilk, unfortified" for "not fortified")."""
    lacked = {_stem(word) for word in name.lacks}
    if not lacked:
        return False
    said = {_stem(word) for word in words}
    if words & {"without", "no"} and said & lacked:  # "without frosting", "no beans"
        return True
    return any(
        _stem(word.removeprefix("un").removeprefix("non")) in lacked
        and (word.startswith(("un", "non")) or word.endswith("ed"))
        and word not in name.lacks  # "peeled" for "peel"; not "frosted" for "not frosted"
        for word in words
    )


def _comes_with(name_text: str, lacks: tuple[str, ...]) -> bool:
    """Whether a food named NAME_TEXT comes with what a name says its food lacks ("Cucumber,
    with peel, raw" for "without peel")."""
    lacked = {_stem(word) for word in lacks}
    return any(
        _stem(word) in lacked
        for found in _WITH.findall(match_key(name_text))
        for word in found.split()
    )


def _turned(
    name: WrittenName, said: frozenset[str], heads: frozenset[str], around: frozenset[str]
) -> bool:
    """Whether a food whose name's head words are HEADS (with AROUND beside them) is
    another dish than NAME: what NAME is (its head) is only beside what the food is
    ("Spaghetti sauce with meat" is a sauce, no "spaghetti with meat sauce"; "Honey roll
    sausage" no "sausage roll"; "Rice, fried, with chicken" no "chicken with rice";
    "Granola bar, with yogurt coating" no "yogurt with granola"). SAID: NAME's head words
    as the table writes them. The food's head is a word NAME says, or NAME joins two
    foods: a head NAME does not say may be its own word in the table's words ("french
    fries" as "Potato, french fries")."""
    return bool(
        said and heads and not said & heads and said & around
        and (name.joins or heads & set(name.food))
    )  # fmt: skip


# --- the words of the table's names -------------------------------------------------------


# After this many phrases asked whether they are a food's head, all heads are gathered.
HEADS_GATHERED = 64


@dataclass
class NameWords:
    """Per food row, the words of its name, its first segment and its states (computed
    for the rows a diary meets, and kept with the index)."""

    index: SearchIndex
    groups: np.ndarray

    def __post_init__(self) -> None:
        self._texts = _RowTexts(self.index)  # derived before, for the disk cache, or none
        self._words: dict[int, frozenset[str]] = {}
        self._defining: dict[int, frozenset[str]] = {}
        self._corrections: dict[str, str | None] = {}
        self._capitals: dict[int, frozenset[str]] = {}
        self._brand: dict[str, bool] = {}
        self._identity: dict[int, frozenset[str]] = {}
        self._aside: dict[int, frozenset[str]] = {}
        self._head: dict[int, str] = {}
        self._is_head: dict[str, bool] = {}
        self._all_heads: frozenset[str] | None = None
        self._dish: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def brands(self, candidates: set[str] | list[str]) -> set[str]:
        """Of CANDIDATES, the words SR28 writes only in capitals, as a product's brand
        ("MOTT'S", "GOYA", "GENERAL MILLS"): they say whose food it is, not what it is."""
        return {word for word in candidates if self._is_brand(word)}

    def _is_brand(self, word: str) -> bool:
        found = self._brand.get(word)
        if found is None:
            rows = self.index.rows_with(word)
            found = self._brand[word] = len(rows) > 0 and all(
                word in self.capitals(row) and word not in self._lower(row) for row in rows
            )
        return found

    def _lower(self, row: int) -> frozenset[str]:
        """The words this name writes with a small letter."""
        if "lower" in self._texts:
            return frozenset(self._texts["lower"][row].split())
        tokens = _OTHER_WORD.findall(_POSSESSIVE.sub("", self.index.full_names[row]))
        return frozenset(word for key in map(match_key, tokens) for word in key.split())

    def words(self, row: int) -> frozenset[str]:
        found = self._words.get(row)
        if found is None and "words" in self._texts:
            found = self._words[row] = frozenset(self._texts["words"][row].split())
        if found is None:
            # "tea, herb, other than chamomile" is no chamomile tea
            key = _OTHER_THAN.sub(" ", self.index.names[row])
            found = self._words[row] = frozenset(key.split())
        return found

    def aside(self, row: int) -> frozenset[str]:
        """The words a name says in parentheses: what it includes, not what it is
        ("Cookies, graham crackers, plain or honey (includes cinnamon)")."""
        found = self._aside.get(row)
        if found is None and "aside" in self._texts:
            found = self._aside[row] = frozenset(self._texts["aside"][row].split())
        if found is None:
            inside = " ".join(_PARENTHESES.findall(self.index.full_names[row]))
            found = self._aside[row] = frozenset(match_key(inside).split())
        return found

    def defining(self, row: int) -> tuple[frozenset[str], frozenset[str]]:
        """(the words that say which food a name is, those of them beyond a category
        head): its first two segments, three when the first is a category ("Fish,
        salmon, Atlantic"), less state, size and neutral words."""
        found = self._defining.get(row)
        if found is None and "defining" in self._texts:
            words, beyond = self._texts["defining"][row], self._texts["beyond"][row]
            found = self._defining[row] = (frozenset(words.split()), frozenset(beyond.split()))
        if found is None:
            segments = [match_key(part) for part in self.index.full_names[row].split(",")]
            category = segments[0] in CATEGORY_KEYS
            words = {w for part in segments[: 3 if category else 2] for w in part.split()}
            words -= NOT_WHICH_FOOD_KEYS
            kind = segments[0] not in PRODUCT_KEYS  # "Fish, …" may go unsaid; "Bread, …" not
            beyond = words - set(segments[0].split()) if category and kind else words
            found = self._defining[row] = (frozenset(words), frozenset(beyond))
        return found

    def identity(self, row: int) -> frozenset[str]:
        found = self._identity.get(row)
        if found is None and "identity" in self._texts:
            found = self._identity[row] = frozenset(self._texts["identity"][row].split())
        if found is None:
            found = self._identity[row] = frozenset(self._identity_words(row))
        return found

    def _identity_words(self, row: int) -> tuple[str, ...]:
        """The words that say what the food is, not which variety: the first segment, or
        the second where the first is a category ("Fish, halibut, Atlantic and Pacific"
        is halibut; Atlantic and Pacific are its variety)."""
        # words in parentheses name what it includes or other names for it ("Chickpeas
        # (garbanzo beans, bengal gram)"), not what it is
        text = _PARENTHESES.sub(" ", self.index.full_names[row])
        segments = [match_key(part) for part in text.split(",")]
        at = 1 if segments[0] in CATEGORY_KEYS and len(segments) > 1 else 0
        if at and segments[1].startswith("ns as to"):  # "Chicken, NS as to part, …": chicken
            at = 0
        # what it is packed in is no part of it ("Spaghetti, with meatballs in tomato sauce")
        words = f" {segments[at]} ".split(" in ")[0].split()
        if at and segments[0] in PRODUCT_KEYS:
            words += segments[0].split()
        elif at:  # "Nuts, pistachio nuts": the category said again
            words = [w for w in words if w not in segments[0].split()]
        skip = NOT_WHICH_FOOD_KEYS
        return tuple(w for w in words if w not in skip and len(w) > 1)  # "McDONALD'S": s

    def capitals(self, row: int) -> frozenset[str]:
        """The words this name writes in capitals: its brand and product names."""
        found = self._capitals.get(row)
        if found is None and "capitals" in self._texts:
            found = self._capitals[row] = frozenset(self._texts["capitals"][row].split())
        if found is None and self.index.full_names[row].isupper():
            # a name all in capitals (Fineli writes every name so) says no brand by its case
            found = self._capitals[row] = frozenset()
        if found is None:
            tokens = _CAPITAL_WORD.findall(_POSSESSIVE.sub("", self.index.full_names[row]))
            found = self._capitals[row] = frozenset(
                word for key in map(match_key, tokens) for word in key.split()
            )
        return found

    @functools.cached_property
    def row_of(self) -> dict[str, int]:
        """Food id -> its row."""
        return {str(food_id): row for row, food_id in enumerate(self.index.food_ids)}

    def head(self, row: int) -> str:
        """The first segment of the name, as a match key: what the food is."""
        found = self._head.get(row)
        if found is None and "head" in self._texts:
            found = self._head[row] = self._texts["head"][row]
        if found is None:
            found = self._head[row] = match_key(self.index.full_names[row].split(",")[0])
        return found

    def dish(self, row: int) -> tuple[frozenset[str], frozenset[str]]:
        """(what the food is, the words around it): the head words of its name's first
        segment (the second after a category, where it names one: "Fish, tuna" is tuna,
        "Rice, fried, with chicken" rice), and that segment's other words with what its
        name says comes "with" it ("Spaghetti sauce with meat": sauce; spaghetti and meat
        around it)."""
        found = self._dish.get(row)
        if found is None and "dish" in self._texts:
            heads, around = self._texts["dish"][row], self._texts["dish_around"][row]
            found = self._dish[row] = (frozenset(heads.split()), frozenset(around.split()))
        if found is None:
            text = _PARENTHESES.sub(" ", self.index.full_names[row])
            segments = [match_key(part) for part in text.split(",")]
            at = int(
                len(segments) > 1 and segments[0] in CATEGORY_KEYS
                and segments[0] not in PRODUCT_KEYS
            )  # fmt: skip
            heads, phrase = frozenset(), []
            while not heads and at >= 0:  # "Rice, fried, with chicken": rice after all
                # "Nuts, cashew nuts": the category said again is no head
                phrase = [
                    w for w in segments[at].split() if at == 0 or w not in segments[0].split()
                ]
                heads = _head_words(phrase, set(phrase) - NOT_WHICH_FOOD_KEYS - OPTIONAL_KEYS)
                at -= 1
            around = set(phrase) - heads
            for found_with in _WITH.findall(" ".join(segments)):
                around |= set(found_with.split())
            found = self._dish[row] = (heads, frozenset(around - NOT_WHICH_FOOD_KEYS))
        return found

    def heads(self, name: WrittenName) -> frozenset[str]:
        """NAME's head words as the table writes them (typos mended)."""
        return frozenset(self.corrected(word) or word for word in name.heads)

    def split(self, word: str) -> tuple[str, str] | None:
        """WORD as two words of a name written together ("kitkat", "cornflakes",
        "icecream"): two words that follow each other in a name, where no name has WORD
        whole; else None."""
        vocabulary = self.index.vocabulary
        if word in vocabulary or not 6 <= len(word) <= MAX_COMPOUND:
            return None
        for cut in range(3, len(word) - 2):
            first, second = word[:cut], word[cut:]
            if first in vocabulary and second in vocabulary:
                pair = f" {first} {second} "
                if any(pair in f" {self.index.names[row]} " for row in self.index.rows_with(first)):
                    return first, second
        return None

    def is_head(self, phrase: str) -> bool:
        """Whether PHRASE is the first segment (head) of a food's name: a food the table
        has of its own ("peanut butter"; "saltine" is only ever "Crackers, saltine")."""
        found = self._is_head.get(phrase)
        # (once many phrases were asked: every head is then gathered, a few ms)
        many = self._all_heads is not None or len(self._is_head) >= HEADS_GATHERED
        if found is None and many and "head" in self._texts and phrase not in self._heads():
            found = self._is_head[phrase] = False  # no food's head at all
        if found is None:
            first = phrase.split(" ")[0] if phrase else ""
            rows = self.index.rows_with(first)
            found = self._is_head[phrase] = any(self.head(row) == phrase for row in rows)
        return found

    def _heads(self) -> frozenset[str]:
        """Every food's head (derived for the disk cache)."""
        found = self._all_heads
        if found is None:
            found = self._all_heads = frozenset(self._texts["head"].all())
        return found

    def corrected(self, word: str) -> str | None:
        """WORD as the table writes it: itself, its closest name word (a typo), or None
        (a word no name has: a brand, or noise)."""
        if word in self._corrections:
            return self._corrections[word]
        vocabulary = self.index.vocabulary
        found: str | None = word if word in vocabulary or word[:1].isdigit() else None
        rows = self.index.rows_with
        # the table's own typo, in one name ("Bluberries, canned"), of a word many write
        # as they should: the word they should
        misspelt = found is not None and len(word) >= 7 and len(rows(word)) == 1
        if (found is None or misspelt) and len(word) >= 3:
            from rapidfuzz import fuzz, process

            cutoff = WORD_MIN_SCORE if len(word) >= 5 else 90.0
            cutoff = 90.0 if misspelt else cutoff
            # a typo rarely changes the first letter ("cantelope" is no "antelope")
            near = process.extract(
                word, self.index.vocabulary_by_letter.get(word[:1], []),
                scorer=fuzz.ratio, score_cutoff=cutoff, limit=8,
            )  # fmt: skip
            # (a word of a name or two, only where nearer: "mulled" is no "Muller")
            near = [
                (w, score) for w, score, _ in near
                if w != word and (score >= 85.0 or len(rows(w)) > 2)
            ]  # fmt: skip
            best = max((score for _, score in near), default=None)
            # of words as near, the one more names have ("lemonade", not "lemonada")
            tied = [w for w, score in near if score == best]
            common = max(tied, key=lambda w: (len(rows(w)), -tied.index(w)), default=None)
            if not misspelt or (common is not None and len(rows(common)) >= 10):
                found = common
        self._corrections[word] = found
        return found


def _salt(words: frozenset[str]) -> tuple[bool, bool]:
    """(salted, unsalted) as a food's name says it: "with salt", "without salt", "no salt
    added", "unsalted"."""
    unsalted = "unsalted" in words or bool({"without", "no"} & words and "salt" in words)
    return not unsalted and ("salted" in words or "salt" in words), unsalted


def _skinless(words: frozenset[str]) -> bool:
    """Whether a food's name says it is without skin: "skinless", SR28's "meat only",
    FNDDS's "skin not eaten"."""
    return "skinless" in words or words >= MEAT_ONLY or words >= SKIN_NOT_EATEN


def _agrees(name: WrittenName, words: frozenset[str]) -> bool:
    """Whether a food whose name has WORDS can be what NAME states."""
    states = name.states
    if RAW in states and words & (COOKED_NAME_KEYS | {"canned"} | DRIED_NAME_KEYS - {"dry"}):
        return False
    if COOKED in states and words & RAW_NAME_KEYS and not words & COOKED_NAME_KEYS:
        return False
    if FROZEN in states and "frozen" not in words:
        return False
    if CANNED in states and "canned" not in words:
        return False
    if DRIED in states and not words & {"dried", "dehydrated"}:
        return False
    if DRY in states and not words & (DRIED_NAME_KEYS | {"raw"}):
        return False
    if FRESH in states and words & {"canned", "frozen", "dried", "dehydrated"}:
        return False
    skinless = _skinless(words)
    if name.skin is False and "skin" in words and not skinless:
        return False
    if name.skin is True and skinless:
        return False
    # a brand's food is bought, not home-made ("prepared from recipe"; KFC's "ORIGINAL
    # RECIPE" is a brand's)
    if name.brand and ("home" in words or {"from", "recipe"} <= words):
        return False
    salted, unsalted = _salt(words)
    return not ((name.salt is True and unsalted) or (name.salt is False and salted))


@functools.cache
def _alternatives_of(name_text: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The "A or B" choices of a food's name, as word keys: FNDDS's "Cabbage salad or
    coleslaw" gives ({cabbage, salad}, {coleslaw}); "Chicken or turkey salad" ({chicken},
    {turkey})."""
    found = []
    for segment in name_text.split(","):
        if " or " not in segment:
            continue
        sides = [match_key(side).split() for side in segment.split(" or ")]
        if len(sides) == 2 and len(sides[0]) == 1 and sides[1]:
            # one word, then more: the word is the choice of the next side's first, the
            # rest is both's ("Macaroni or pasta salad": macaroni or pasta, a salad)
            sides[1] = sides[1][:1]
        found.append(tuple(frozenset(side) for side in sides if side))
    return tuple(found)


def _other_choices(name_text: str, said: set[str] | frozenset[str]) -> frozenset[str]:
    """The words of a name's "A or B" choices the name written did not take: "turkey"
    of "Chicken or turkey salad" for "chicken salad". No word a name lacks, since the
    food is either."""
    alternatives = _alternatives_of(name_text)
    if not alternatives:  # (most names offer no choice)
        return frozenset()
    other: set[str] = set()
    said = frozenset(said) - GENERIC_KEYS  # a choice taken by "meal" alone is none
    for sides in alternatives:
        if any(side & said for side in sides):
            other.update(w for side in sides if not side & said for w in side)
    return frozenset(other - said)


def _preference(
    name: WrittenName,
    words: frozenset[str],
    beyond: frozenset[str],
    group: str,
    head: frozenset[str] = frozenset(),
    branded: bool = False,
    aside: frozenset[str] = frozenset(),
    name_text: str = "",
) -> float:
    """How well a food that agrees fits what was left unsaid: the form people mean.
    NAME_TEXT: the food's name as the table writes it."""
    food = set(name.food) | set(name.brand)  # "Bud Light - Beer": a light beer
    beyond = beyond - _other_choices(name_text, food)  # "Chicken or turkey salad"
    score = -EXTRA_WORD * len(beyond - food)  # "tomato rice" soup for "tomato soup"
    # more where the first segment says it: "Peas and onions" is another food than peas,
    # "Peas, green" the same one
    score -= EXTRA_WORD * len(beyond & head - food)
    unsaid = words - food  # food holds the brand's words too ("Bud Light": light)
    if FROZEN not in name.states and "frozen" in words:
        # and more where it names another food ("Frozen yogurt" for chocolate yogurt)
        score -= 6 + 6 * ("frozen" in head)
    if CANNED not in name.states and "canned" in words:
        score -= 6
    if not name.states & {DRIED, DRY} and words & DRIED_NAME_KEYS:
        score -= 4
    score -= 4 * len(unsaid & RARE_FORM_KEYS - aside)
    if RAW in name.states and "raw" in words:
        score += 4
    if COOKED in name.states:
        score += 3 if words & COOKED_NAME_KEYS else -6
        said = {m for w in words if (m := METHOD_KEYS.get(w))}
        # FNDDS's "cooked, fat added" is what a sauté is: cooked in a little fat
        if "added" in words and "fat" in words and "no" not in words:
            said.add("fried")
        # and less where it says another way of cooking ("boiled" for sauteed spinach)
        other_way = bool(name.methods and said) and not said & name.methods
        score += 6 * bool(said & name.methods) - 6 * other_way
        score += 6 * bool(words & set(name.written_states))  # the very word: "rotisserie"
    # a dish for a plain food: black bean soup; FNDDS's "Crab salad" for "imitation crab"
    if (head & DISH_HEADS and not head & food) or head & DISH_KEYS - food:
        score -= 10
    # the words said only after the name's "with": what goes with another food ("Rice,
    # fried, with shrimp" is no fried shrimp)
    # fat a cook added, and coatings, where the name says none: FNDDS's "fat added, NS as
    # to fat type" is no frozen broccoli, its "fried, coated" no chicken breast
    if "added" in words and "fat" in words and "no" not in words and not food & FAT_KEYS:
        score -= 5
    if words & FAT_KEYS - food - {"fat"}:  # "made with oil", "cooked with butter"
        score -= 3
    # (a coating only a fried food may go without saying: baked chicken is no coated one)
    score -= 4 * len(words & COATING_KEYS - food) * ("fried" not in name.methods)
    # an FNDDS default for a detail the name does say ("Tuna, canned, NS as to oil or
    # water pack" for tuna in water) is the wrong food: the said one is there
    unsaid_detail = _NOT_SPECIFIED.search(name_text)
    if unsaid_detail and food & set(match_key(unsaid_detail.group(1)).split()) - NEUTRAL_KEYS:
        score -= 8
    if " with " in name_text:
        before = match_key(name_text.partition(" with ")[0]).split()
        if food and not food & set(before):
            score -= 8
    # the name's last word is what it is ("hamburger bun" is a bun): a food that has it
    # only after "with" or "on" is another food served with it ("Hamburger, on white bun")
    # (or "in": "Olives, black, in oil" is no olive oil; "tuna in water" says what it is
    # in itself)
    for joint in (" with ", " on ", " in "):
        if joint == " in " and " in " in f" {name.written.lower()} ":
            continue
        if joint in name_text and name.food:
            before = set(match_key(name_text.partition(joint)[0]).split())
            if food & before and name.food[-1] not in before and name.food[-1] in words:
                score -= 6
    if not name.states and group in AS_EATEN_COOKED_GROUPS:  # rice, pasta: as eaten
        score += 4 * bool(words & COOKED_NAME_KEYS) - 2 * bool(words & (RAW_NAME_KEYS | {"dry"}))
    # (FNDDS's "from raw" is cooked: "Chicken breast, baked, …, from raw")
    if not name.states and group in FLESH_GROUPS and not branded and _RAW_FOOD.search(name_text):
        score -= 6  # as an unsaid canned or frozen
    if name.salt is not None:  # the salt said, as the food's name says it
        salted, unsalted = _salt(words)
        score += 4 * ((name.salt and salted) or (not name.salt and unsalted))
    if name.salt is None:
        salted, unsalted = _salt(words)
        home_cooked = words & COOKED_NAME_KEYS and "roasted" not in words  # not shop nuts
        if group in HOME_COOKED_GROUPS and home_cooked and not branded:  # cooked at home
            score += 2 * unsalted - 2 * salted
        else:  # a product a shop sells salted (sodium is screened: say it to unsalt it)
            score += 3 * salted - 3 * unsalted
    if name.skin is True and re.search(r"(?<!NS as to )skin eaten", name_text):
        score += 8  # FNDDS's "skin eaten", as said (over its "NS as to skin eaten")
    if name.skin is None and words & {"skin"} and not _skinless(words):
        # chicken breasts are mostly bought and eaten without their skin; fried or
        # rotisserie chicken with it
        score += 2 if name.methods & {"fried"} or "rotisserie" in name.written_states else -3
    if name.homemade:
        score += 12 * bool(words & {"recipe", "home"}) - 2 * ("commercially" in words)
    # SR28 names some brands (KELLOGG'S, BUD LIGHT): the brand said outweighs the
    # search's doubt of branded foods
    if words & set(name.brand):
        # and a restaurant's name outweighs its doubt of restaurant food ("KFC - …")
        score += 8 + 20 * (group in UNLIKELY_GROUPS)
    if branded:  # a brand's product is bought, not made at home
        score += 2 * bool(words & {"commercial", "commercially"}) - 4 * bool(
            words & {"home", "recipe"}
        )
    return score


# --- resolving ------------------------------------------------------------------------------

ALTERNATIVES = 3
SUGGESTIONS = 3
# A food word not in any name is read as its closest name word at this similarity.
WORD_MIN_SCORE = 80.0
# How many candidates of the text search are weighed.
CANDIDATES = 40


def _table_words(name: WrittenName, words: NameWords) -> tuple[list[str], list[str], list[str]]:
    """(food words as the table writes them, words no name has: a brand or noise, words
    read as a typo of a name's word)."""
    known, unknown, mended = [], [], []
    vocabulary = words.index.vocabulary
    # a first part no word of which any name has (or only as a brand's, in capitals),
    # before a food: a brand, not a typo ("Gardenia, High Fiber Whole Wheat Bread" is no
    # garden; "Selecta, Non Fat Milk"; "Quaker, Instant Oatmeal")
    rest = [w for w in name.food if w not in name.head and w not in OPTIONAL_KEYS]
    brand_first = (
        bool(name.head)
        and not (set(name.head) - words.brands(name.head)) & vocabulary
        and any(w in vocabulary for w in rest)
    )
    for word in name.food:
        if word in OPTIONAL_KEYS and word not in vocabulary:
            continue  # "florets": a form word no name has says nothing (and is no typo)
        if brand_first and word in name.head:
            unknown.append(word)
            continue
        pair = words.split(word)
        if pair is not None:  # "kitkat": KIT KAT
            known.extend(pair)
            continue
        found = words.corrected(word)
        (known if found else unknown).append(found or word)
        if found and found != word:
            mended.append(word)
    return known, unknown, mended


def prepare_names(table: FoodTable) -> None:
    """Build now what resolve_names builds the first time it meets a name it must search
    for (rapidfuzz, the table's name words, its other names, its aliases by their first
    letters): some 40 ms, which a batch spends while the first chunk is being read."""
    from rapidfuzz import fuzz, process  # noqa: F401 - imported once, kept

    words = _name_words(table)
    words.row_of  # noqa: B018 - computed and kept
    if "head" in words._texts:
        words._heads()
    _other_name_parts(table)
    table.search_index._aliases_by_start  # noqa: B018
    table.search_index.prepare()


def resolve_names(
    texts: list[str],
    table: FoodTable | None = None,
    with_first_part: bool = True,
    with_brand_part: bool = True,
) -> dict[str, Resolution]:
    """How each distinct food name resolves (see the module docstring). The text search
    runs once for all the names that need it. WITH_FIRST_PART: a name written in parts
    that nothing fits is tried again as its first part (_by_first_part); WITH_BRAND_PART:
    and one written brand first as its product (_after_brand_part)."""
    table = table or default_foods()
    index = table.search_index
    words = _name_words(table)
    resolved: dict[str, Resolution] = {}
    searches: dict[str, tuple[WrittenName, list[str], str]] = {}
    retyped: dict[str, str] = {}  # a name with a typo -> the name as meant
    for text in dict.fromkeys(texts):
        # a name that is an alias as written is that alias's food, whatever its words
        # say read one by one ("canada dry" is no dry food, "chicken mayo" no two foods,
        # "semi skimmed milk" a regional word's alias)
        hit = index.exact(match_key(text))
        if hit is not None and hit[1] is MatchKind.ALIAS:
            resolved[text] = Resolution(
                written=text, food_id=str(index.food_ids[hit[0]]),
                name=index.full_names[hit[0]], match=MatchKind.ALIAS, score=100.0,
            )  # fmt: skip
            continue
        in_table_words = _in_table_words(_N_FOR_AND.sub(" and ", text), index)
        name = read_name(_without_leading_size(in_table_words, index))
        known, unknown, mended = _table_words(name, words)
        if mended and not unknown:  # a typo: also read as if written as meant (below)
            retyped[text] = _retyped(text, {w: words.corrected(w) for w in mended})
        # a name that ends with a word no food has: the table lacks what is meant
        # ("Magnesium Glycinate", "Eggplant Parm"); a word before it is a brand's or a
        # variety's ("Bolthouse Carrots", "jasmine rice")
        # (in a name written in parts, "Salami, Genoa", the end of its first part)
        said = [w for w in name.food if w in name.head]
        if said and set(said) <= set(unknown):  # "Publix, Chicken Cutlets": a brand first
            said = [w for w in name.food if w not in name.head]
        said = said or list(name.food)
        ends_unknown = bool(said) and said[-1] in unknown
        # a word no food has before a baked or blended dish: a brand's product named after
        # its flavour ("Larabar Pecan Pie" is a fruit-and-nut bar, "jaffa cakes" no sponge
        # cake), no such dish: asked, not the dish without the word
        flavour_named = bool(unknown and name.food and name.food[-1] in FLAVOUR_NAMED_KEYS)
        exact = _exact(name, known, index, words, complete=not (ends_unknown or flavour_named))
        if exact is not None:
            resolved[text] = exact
            continue
        if not known or set(known) - OPTIONAL_KEYS <= GENERIC_KEYS:
            resolved[text] = Resolution(written=text, food_id=None, name=None, match=None, score=0)
            continue
        # suggest, never take: a word no food has after the food's first known word, or
        # a product name's coined word read as a typo ("Chipotle - Sofritas" is no sofrito)
        # a brand and a word no food has: the brand's own product ("Xtend - Chocolate
        # Lava Cake" is a protein powder's flavour, no cake)
        ask = ends_unknown or bool(name.brand and (mended or unknown)) or flavour_named
        # nothing of it is a word of the table as written: a word no food has, and the
        # rest only typos' nearest words ("Unknown Thing" is no Wheat Thins)
        ask = ask or bool(unknown and len(mended) >= len(known))
        stated = [w for w in match_key(text).split() if w in STATE_KEYS]
        brand = [w for w in name.brand if w in index.vocabulary]  # SR28 names some brands
        # words no food has, or a trademark sign, in a name: it may lead with a brand's
        # words ("Goya Chick Peas", "Del Monte® Cut Green Beans")
        branded = bool(unknown or _MARKS.search(text) or words.brands(known))
        recipe = ["recipe"] if name.homemade else []  # SR28's "prepared from recipe"
        query = " ".join(dict.fromkeys(known + stated + brand + recipe))
        # the search wants every word: also without the brand's, which the plain food
        # lacks ("Blue Diamond - Whole Natural Almonds": "Nuts, almonds")
        plain = " ".join(dict.fromkeys(known + stated + recipe))
        queries = (query, plain) if plain != query else (query,)
        searches[text] = (name, known, queries, ask, branded)
    ranked: dict[str, list[tuple[int, float, float]]] = {}  # each query searched once
    _choose_all(searches, resolved, index, words, ranked)
    # and by the food words alone, where a state word left one food or none: it ranks
    # the foods that say it first, but must not keep out those that say it otherwise
    # ("Asian stir fry vegetables" for "stir fried vegetables"; "Chicken, stewed" for
    # "poached chicken")
    again = {}
    for text, (name, known, queries, ask, branded) in searches.items():
        # (and, for a plain name, without the words that only may say which: "baby" of
        # "baby spinach"; a brand's "deli" or "whole grain" says its product)
        said = [w for w in known if branded or name.brand or w not in OPTIONAL_KEYS]
        alone = " ".join(dict.fromkeys(said or known))
        found = resolved[text]
        # (or took a form the name does not say: "Apples, dried, …, stewed" for "stewed
        # apples", the only foods that say "stewed")
        unsaid_form = found.name is not None and not name.states & {DRIED, DRY, CANNED, FROZEN}
        unsaid_form = unsaid_form and bool(
            set(match_key(str(found.name)).split()) & (DRIED_NAME_KEYS | {"canned", "frozen"})
        )
        if alone not in queries and (found.food_id is None or not found.suggestions or unsaid_form):
            again[text] = (name, known, (*queries, alone), ask, branded)
    _choose_all(again, resolved, index, words, ranked)
    resolved = _by_other_name(resolved, table)
    if with_first_part:
        resolved = _by_first_part(resolved, table)
        resolved = _after_brand_part(resolved, table) if with_brand_part else resolved
    return _as_retyped(resolved, retyped, table, with_first_part, with_brand_part)


def _names_words(found: Resolution, text: str, again: str, table: FoodTable) -> bool:
    """Whether FOUND's food names, in its name or other names, a word of TEXT that
    AGAIN (TEXT retyped) changed."""
    changed = set(match_key(text).split()) - set(match_key(again).split())
    other = table.foods.at[str(found.food_id), "other_names"] if found.food_id else ""
    said = set(match_key(f"{found.name} {other if isinstance(other, str) else ''}").split())
    return bool(changed & said)


def _retyped(text: str, corrections: dict[str, str | None]) -> str:
    """TEXT with each word read as a typo written as the table writes it ("chicken
    sandwhich" -> "chicken sandwich")."""

    def mend(word: re.Match[str]) -> str:
        return corrections.get(match_key(word.group(0))) or word.group(0)

    return re.sub(r"[^\W\d_][\w']*", mend, text)


def _as_retyped(
    resolved: dict[str, Resolution],
    retyped: dict[str, str],
    table: FoodTable,
    with_first_part: bool,
    with_brand_part: bool,
) -> dict[str, Resolution]:
    """A name with a typo read as the name as meant is, where that finds a food: the
    same food its right spelling finds ("chicken sandwhich" is the chicken sandwich, no
    club sandwich another reading of the typo found), as a fuzzy match."""
    meant = {text: again for text, again in retyped.items() if again != text}
    if not meant:
        return resolved
    found = resolve_names(sorted(set(meant.values())), table, with_first_part, with_brand_part)
    for text, again in meant.items():
        right, first = found[again], resolved[text]
        # (a word "mended" that the food found names, in its name or other names, was
        # no typo: "samosa" is FNDDS's samosa, no Girl Scout "Samoas")
        if first.food_id is not None and _names_words(first, text, again, table):
            continue
        if right.food_id == first.food_id:  # (read as it was: its kind and alternatives)
            continue
        if first.match in (MatchKind.ALIAS, MatchKind.NAME):  # a name as written: no typo
            continue
        if right.food_id is not None:
            score = round(_similarity(match_key(text), match_key(again)), 1)
            resolved[text] = right.model_copy(
                update={"written": text, "match": MatchKind.FUZZY, "score": score}
            )
    return resolved


def _choose_all(
    searches: dict[str, tuple],
    resolved: dict[str, Resolution],
    index: SearchIndex,
    words: NameWords,
    ranked: dict[str, list[tuple[int, float, float]]],
) -> None:
    """Each search's food (into RESOLVED), its queries' text searches run at once (those
    not in RANKED, a query's candidates: into it)."""
    distinct = [
        q for q in dict.fromkeys(q for search in searches.values() for q in search[2])
        if q not in ranked
    ]  # fmt: skip
    if distinct:
        ranked.update(zip(distinct, index.rank(distinct, CANDIDATES), strict=True))
    for text, (name, known, queries, ask, branded) in searches.items():
        candidates = ranked[queries[0]]
        for other in queries[1:]:
            seen = {row for row, *_ in candidates}
            candidates = candidates + [c for c in ranked[other] if c[0] not in seen]
        resolved[text] = _choose(name, known, candidates, index, words, ask, branded)


# The longest name read as foods joined, and word read as two words: a cell of 100,000
# characters is no food name, and each would be tried at every letter.
MAX_TWO_FOODS = 200
MAX_COMPOUND = 30
# How a name joins foods: "toast with butter", "eggs and bacon", "beans on toast".
_JOINER = re.compile(r"\s+(?:with|and|&|on|w/?|\+|'?n'?)\s+", re.IGNORECASE)
# "n" written for "and" between words ("beef n broccoli", "fish 'n' chips")
_N_FOR_AND = re.compile(r"(?<=\w)\s+'?n'?\s+(?=\w)", re.IGNORECASE)
MAX_JOINED = 3  # foods one name may join ("toast with butter and jam")
# "a bit of sugar", "a little milk", "some cake": an amount unsaid, the food's usual one
_A_LITTLE = re.compile(r"^(?:a (?:little )?bit of|a little|a drop of|some)\s+", re.IGNORECASE)
# "porridge made with milk", "rice cooked in stock": how one food was made
_MADE_WITH = re.compile(r"\b(?:made|cooked|prepared)$", re.IGNORECASE)


def joined_foods(written: str, table: FoodTable | None = None) -> tuple[str, ...] | None:
    """The foods a name no food has joins, each a food of the table ("toast with butter":
    toast, butter; "toast with butter and jam": toast, butter, jam), else None. Split at
    the first joiner whose left is a food and whose right is a food or joins them, so
    "mac and cheese with broccoli" is mac and cheese, broccoli. Survey coders code such a
    report as its foods, each on its own (USDA's AMPM; ASA24 asks for each)."""
    table = table or default_foods()
    seen = table.derived.setdefault("joined foods", {})  # a diary repeats its unknown names
    if written not in seen and (dish := joined_dishes().get(_joined_key(written))):
        found = resolve_names(list(dish), table)  # (each a food of the table in use)
        seen[written] = dish if all(found[part].food_id for part in dish) else None
    if written not in seen:
        text = written.strip()
        # (a name in parts is an app's product name: "Fico, Potato Crisps, Sweet & Sour"
        # is no crisps and something sour)
        in_parts = "," in text or " - " in text
        parts = None
        # (no joiner: nothing to ask the matcher)
        if len(text) <= MAX_TWO_FOODS and not in_parts and _JOINER.search(text):
            if not _dish_asked(text, table, loosely=True):
                parts = _joined(text, table, MAX_JOINED)
            elif not _dish_asked(text, table) or _another_dish(text, table):
                # a guess at a dish of other foods than said, or a question among such
                # dishes, against foods each named exactly: the foods ("bacon and eggs"
                # is no egg, cheese and ham on a bun; "cheese and crackers" no cheese
                # crackers)
                parts = _joined(text, table, MAX_JOINED)
                found = resolve_names(list(parts or ()), table)
                if not all(found[part].match in _EXACT_MATCHES for part in parts or ()):
                    parts = None
        seen[written] = parts
    return seen[written]


# Matches that are the food as written, no guess among several
_EXACT_MATCHES = frozenset({MatchKind.ALIAS, MatchKind.NAME, MatchKind.FOOD_ID})


def _another_dish(text: str, table: FoodTable) -> bool:
    """Whether TEXT was taken, by a guess, for a food whose name says a food TEXT does
    not: a word of its name before what it comes "with" (FNDDS's defaults: "Ham and cheese
    sandwich, with lettuce and spread"), neither said nor a neutral, state, method, size
    or marketing word, nor an alternative after "or" ("Chicken or turkey"), nor in
    parentheses. "bacon and eggs" is no "Egg, cheese, ham, and bacon on bun"."""
    whole = resolve_names([text], table)[text]
    if whole.match not in (MatchKind.ASSUMED, MatchKind.FUZZY) or whole.name is None:
        return False
    return _not_the_dish(whole.name, set(read_name(text).food))


def _not_the_dish(name: str, said: set[str]) -> bool:
    """Whether a food named NAME is no dish of the foods a name that joins them SAID: it
    says a food not said (_unsaid_foods), or joins none itself ("Crackers, cheese" is no
    "cheese and crackers", "Bread, egg, toasted" no "eggs and toast")."""
    return bool(_unsaid_foods(name, said)) or not _FOOD_JOINER.search(name)


# How a food's name joins foods: "Macaroni or noodles with cheese", "Pork and beans"
_FOOD_JOINER = re.compile(r"\b(?:with|and|in|on|filled|stuffed)\b", re.IGNORECASE)


def _unsaid_foods(name: str, said: set[str]) -> set[str]:
    """The words of a food's NAME, before what it comes "with", that are not SAID and say
    a food or kind (_another_dish)."""
    name = _PARENTHESES.sub(" ", name.lower()).split(" with ")[0]
    words = set(match_key(_OR_ALTERNATIVE.sub(" ", name)).split())
    return words - said - _NOT_A_FOOD


_NOT_A_FOOD = NEUTRAL_KEYS | SIZE_KEYS | MARKETING_KEYS | set(STATE_KEYS) | set(METHOD_KEYS)


_OR_ALTERNATIVE = re.compile(r"\bor [a-z]+")


@functools.cache
def joined_dishes() -> dict[str, tuple[str, ...]]:
    """Dishes of foods joined whose foods the words alone do not say, as a survey coder
    codes them (screener/data/joined_dishes.csv: "beans on toast" is baked beans and
    toast, "fish and chips" battered fish and fries), by _joined_key."""
    text = (resources.files("screener") / "data" / "joined_dishes.csv").read_text("utf-8")
    return {
        _joined_key(row["name"]): tuple(p.strip() for p in row["foods"].split("+"))
        for row in csv.DictReader(text.splitlines())
    }


def _joined_key(text: str) -> str:
    """TEXT's words, its joiners as "and" ("fish 'n' chips", "fish & chips")."""

    def joiner(found: re.Match[str]) -> str:
        return found.group(0) if found.group(0).strip().lower() in ("on", "with") else " and "

    return match_key(_JOINER.sub(joiner, text))


def _dish_asked(text: str, table: FoodTable, loosely: bool = False) -> bool:
    """Whether TEXT is a food, or asked among foods of which one is the dish it names
    (all its food words, at most one more, no baby or restaurant food it does not name;
    unless LOOSELY, no food that is no dish of them: _not_the_dish): "spaghetti with
    meatballs" asks which of the table's dishes, not the two apart."""
    whole = resolve_names([text], table)[text]
    if whole.food_id is not None:
        return True
    words, said = _name_words(table), set(read_name(text).food) - OPTIONAL_KEYS
    rows = (words.row_of.get(suggestion.split()[0]) for suggestion in whole.suggestions)
    return any(
        row is not None
        and said <= words.words(row)
        and len(words.identity(row) - said - NEUTRAL_KEYS) <= 1
        and (str(words.groups[row]) not in UNLIKELY_GROUPS or words.identity(row) <= said)
        # (no dish of more foods: "Peanut butter sandwich, …" for "toast with peanut butter")
        and (loosely or not _not_the_dish(words.index.full_names[row], said))
        for row in rows
    )


def _joined(text: str, table: FoodTable, most: int) -> tuple[str, ...] | None:
    """joined_foods of TEXT in at most MOST foods: of the ways to split it at a joiner,
    the one whose least sure food is surest, then the one of fewer foods."""
    if most < 2:
        return None
    best: tuple[float, int, tuple[str, ...]] | None = None
    for joiner in list(_JOINER.finditer(text))[:4]:  # (a name of many joiners is no list)
        left, right = text[: joiner.start()].strip(" ,"), text[joiner.end() :].strip(" ,")
        if not left or not right or _MADE_WITH.search(left):  # (how it was made: one food)
            continue
        left, right = _A_LITTLE.sub("", left), _A_LITTLE.sub("", right)
        found = resolve_names([left, right], table)
        if found[left].food_id is None:
            continue
        parts: tuple[str, ...] | None = (left, right)
        if found[right].food_id is None:
            rest = _joined(right, table, most - 1)
            parts = (left, *rest) if rest is not None else None
        if parts is None:
            continue
        scores = resolve_names(list(parts), table)
        surest = (min(scores[part].score or 0.0 for part in parts), -len(parts), parts)
        if best is None or surest[:2] > best[:2]:
            best = surest
    return best[2] if best is not None else None


def _other_names(table: FoodTable) -> dict[str, str | None]:
    """FNDDS's other names of its foods (its "Additional food description", entries
    split at ';'), by match key: the one food each names, or None where several foods
    share it. Derived once per table."""
    return _other_name_parts(table)[0]


def _other_name_parts(
    table: FoodTable,
) -> tuple[dict[str, str | None], dict[str, dict[str, set[str]]]]:
    """(_other_names, each word of an other name -> the foods with an other name of all
    the words), derived once per table. Kept in the disk cache apart (cache.Deferred):
    only a name nothing else took needs them."""
    key = "other names"
    if key not in table.derived:
        found: dict[str, str | None] = {}
        # a shared name -> (food, how many details left unsaid FNDDS codes to it)
        sharing: dict[str, list[tuple[str, int]]] = {}
        named = table.foods["other_names"].fillna("")
        names = table.foods["name"]
        for food_id, text, name in zip(table.foods.index, named, names, strict=True):
            # FNDDS says which of its foods it codes an unsaid detail to: "NS as to fat"
            # among the other names of "Shrimp, coated, fried, made with oil" (of six
            # fried shrimps, all "shrimp tempura", all "NS as to coating")
            unsaid = len(SURVEY_DEFAULT.findall(f"{text} {name}"))
            for entry in str(text).split(";"):
                entry_key = match_key(entry)
                if entry_key:
                    found[entry_key] = food_id if found.get(entry_key, food_id) == food_id else None
                    sharing.setdefault(entry_key, []).append((food_id, unsaid))
        # each word of an other name -> the foods with an other name of all the words
        # (keyed by the entry's words, for a name that is part of one: "moussaka" of
        # "Moussaka made with lamb or beef")
        within: dict[str, dict[str, set[str]]] = {}
        for entry_key, foods in sharing.items():
            for word in set(entry_key.split()):
                within.setdefault(word, {}).setdefault(entry_key, set()).update(
                    food_id for food_id, _ in foods
                )
        for entry_key, foods in sharing.items():
            most = max(unsaid for _, unsaid in foods)
            defaults = {food_id for food_id, unsaid in foods if unsaid == most}
            # (only among forms of one food: "Egg roll, …", not a restaurant's many)
            heads = {str(names[food_id]).split(",")[0] for food_id, _ in foods}
            if found[entry_key] is None and most and len(defaults) == 1 and len(heads) == 1:
                found[entry_key] = defaults.pop()
        table.derived[key] = Deferred((found, within))
    return table.derived[key].value  # type: ignore[no-any-return]


@finds_names
def food_of_name(name: str, table: FoodTable) -> tuple[str, str] | None:
    """(food_id, name) of the food NAME resolves to in TABLE, or None (foods.NAME_FINDERS:
    the US food a national food borrows a measure from)."""
    found = resolve_names([name], table)[name]
    return (str(found.food_id), str(found.name)) if found.food_id is not None else None


@kept_with_table
def derive_other_names(table: FoodTable) -> None:
    """FNDDS's other names by match key, made now and kept in the disk cache (17,000
    names to split and key: 0.2 s a run otherwise)."""
    if "other_names" in table.foods.columns:
        _other_names(table)


def _by_other_name(resolved: dict[str, Resolution], table: FoodTable) -> dict[str, Resolution]:
    """A name nothing else took, which is one of FNDDS's other names of exactly one food
    ("White Zinfandel": Wine, table, rose; "sandwich cubano": Cuban sandwich): that food,
    marked assumed (counted and listed in the report, to pin)."""
    if "other_names" not in table.foods.columns:
        return resolved
    others = None
    for text, resolution in resolved.items():
        # (and a name taken on a guess that is, whole, one food's other name: the
        # coders' own reading of it, "Yorkshire pudding" a Popover, no bread pudding)
        guessed = resolution.match in GUESSED and not _holds_all(text, resolution, table)
        if resolution.food_id is not None and not guessed:
            continue
        others = others if others is not None else _other_names(table)
        key = match_key(text)
        food_id = others.get(key)
        if food_id is None and key not in others and not guessed:  # part of one's
            food_id = _within_other_name(key, table)
        if food_id is None and key in others and resolution.food_id is None:
            # several foods' other name ("pierogi"): asked, with those foods to choose from
            first = key.split()[0]
            sharing = sorted(_other_name_parts(table)[1].get(first, {}).get(key, ()))
            if sharing and not resolution.suggestions:
                names = table.foods["name"]
                resolved[text] = resolution.model_copy(
                    update={"suggestions": [f"{i} {names[i]}" for i in sharing[:SUGGESTIONS]]}
                )
            continue
        if food_id is not None and food_id != resolution.food_id:
            resolved[text] = Resolution(
                written=text, food_id=food_id, name=table.foods.at[food_id, "name"],
                match=MatchKind.ASSUMED, score=100.0, suggestions=resolution.suggestions,
            )  # fmt: skip
    return resolved


def _holds_all(text: str, resolution: Resolution, table: FoodTable) -> bool:
    """Whether the food RESOLUTION took holds every word of TEXT that says which food
    ("Pudding, bread" lacks the "yorkshire" of "yorkshire pudding")."""
    words = _name_words(table)
    row = words.row_of.get(str(resolution.food_id))
    said = set(read_name(text).food) - OPTIONAL_KEYS
    return row is None or said <= words.words(row) | words.aside(row)


def _within_other_name(key: str, table: FoodTable) -> str | None:
    """The one food whose other names hold one with every word of KEY ("masala chai" of
    "Indian Masala chai"), or None: none, several foods, or a name of generic words."""
    words = set(key.split())
    # (nor a brand alone: "twix" is of every TWIX product)
    if not words - GENERIC_KEYS - NOT_WHICH_FOOD_KEYS - _name_words(table).brands(words):
        return None
    within = _other_name_parts(table)[1]
    rarest = min(words, key=lambda w: len(within.get(w, ())))
    foods = {
        food_id
        for entry_key, ids in within.get(rarest, {}).items()
        if words <= set(entry_key.split())
        for food_id in ids
    }
    # a baby or restaurant food only where its own name is said, as everywhere
    # ("spaghetti with meatballs" is in a toddler's macaroni's other names: no such)
    named = _name_words(table)
    foods = {
        food_id
        for food_id in foods
        if str(named.groups[(row := named.row_of[food_id])]) not in UNLIKELY_GROUPS
        or named.identity(row) <= words
    }
    return foods.pop() if len(foods) == 1 else None


def _leading_parts(written: str) -> list[str]:
    """A name written in parts, as its leading parts and the states the rest says, the
    longest first, down to its first part (what the food is): "Cheese, Provolone, Sharp"
    -> "Cheese, Provolone", "Cheese"; none where the name is one part or a brand's."""
    if " - " in written or "," not in written or len(written) > MAX_TWO_FOODS:
        return []
    parts = written.split(",")
    found = [_kept(",".join(parts[:k]), ",".join(parts[k:])) for k in range(len(parts) - 1, 0, -1)]
    return [name for name in dict.fromkeys(found) if name]


def _first_part(written: str) -> str | None:
    """A name written in parts, as its first part (what the food is) and the states the
    rest says: "Onion, White, Yellow or Red, Raw" -> "Onion, raw"; None where the name is
    one part or a brand's ("Brand - Food")."""
    if " - " in written or "," not in written:
        return None
    first, _, rest = written.partition(",")
    return _kept(first, rest)


def _kept(first: str, rest: str) -> str | None:
    """FIRST, with the states, skin, salt and lacks that REST says."""
    said = read_name(rest)
    states = [w for w in match_key(rest).split() if w in STATE_KEYS]
    if said.skin is not None:  # and what it says of the skin
        states.append("skin eaten" if said.skin else "skinless")
    if said.salt is not None:
        states.append("salted" if said.salt else "unsalted")
    states += [f"without {word}" for word in said.lacks]  # "not frosted"
    return ", ".join([first, *dict.fromkeys(states)]) if first.strip() else None


def _by_first_part(resolved: dict[str, Resolution], table: FoodTable) -> dict[str, Resolution]:
    """Names that no food holds all the words of, written in parts: the food their first
    part and states name, taken as an assumption (the rest often says what the table does
    not distinguish: "Tomato Raw, Includes Cherry, Grape, Roma"), for the person to check."""
    vocabulary = table.search_index.vocabulary
    unknown = {
        text: leading
        for text, found in resolved.items()
        if found.food_id is None
        and (leading := _leading_parts(text))
        # every word of the first part a word of the table, as written: a brand read as
        # a typo's nearest word is no food ("Gardenia, White Bread" is no garden cress)
        and all(w in vocabulary for w in match_key(leading[-1].split(",")[0]).split())
    }
    if not unknown:
        return resolved
    again = resolve_names([p for parts in unknown.values() for p in parts], table, False)
    words = _name_words(table)
    for text, leading in unknown.items():
        # the most parts that name a food: "Cheese, Provolone" before "Cheese"
        found = next(
            (again[p] for p in leading if again[p].food_id is not None), again[leading[-1]]
        )
        head = set(match_key(leading[-1].split(",")[0]).split())
        # (more parts than the first only after a first part that is a food of the
        # table's: "Quaker, Instant Oatmeal, …" is a brand's, no oatmeal as eaten)
        if not any(words.is_head(w) for w in head):
            found = again[leading[-1]]
        row = words.row_of.get(str(found.food_id))
        # a first part that is a brand the table writes in capitals or in parentheses is
        # whose food, not which ("Olive Garden, House Salad" is no "OLIVE GARDEN, lasagna
        # classico"; "Quaker, Oaties Mini Oat Cookies" no "Cereal (Quaker Life)")
        if row is not None and head <= words.capitals(row) | words.aside(row):
            continue
        if found.food_id is not None:
            resolved[text] = _assumed_as(found, text)
    return resolved


def _brand_part(written: str, table: FoodTable) -> str | None:
    """A name written "Brand, Product[, Variety]" as its product and variety: "Friendly
    Farms, Whole Milk Greek Yogurt, Plain" -> "Whole Milk Greek Yogurt, Plain"; None where
    the first part may be the food ("Beef, Loin, …", "Hamburger or Ground Beef, 80% Lean")
    or the rest names no food of its own."""
    if " - " in written or written.count(",") < 1:
        return None
    first, _, rest = written.partition(",")
    words = _name_words(table)
    first_key = match_key(first)
    rest_head = match_key(rest.split(",")[1] if rest.startswith(",") else rest.split(",")[0])
    # a first part that is a food, or a word of what the food is, is no brand
    if not first_key or words.is_head(first_key) or not rest_head:
        return None
    if any(words.is_head(word) for word in first_key.split()):
        return None
    # the product's own first words name a food of the table
    if not any(words.is_head(word) for word in rest_head.split()):
        return None
    return rest.strip()


def _brand_word_first(written: str, table: FoodTable) -> str | None:
    """A name that starts with a capitalised word no food has, as the words after it:
    "Hosen Baked Beans" -> "Baked Beans" (a brand, not a typo of "house"); None where the
    first word is a word of the table, or the rest is no food's name's words."""
    first, _, rest = written.strip().partition(" ")
    if not rest or "," in written or " - " in written or not first[:1].isupper():
        return None
    if any(word in table.search_index.vocabulary for word in match_key(first).split()):
        return None
    words = _name_words(table)
    last = match_key(rest).split()[-1:] if match_key(rest) else []
    if not last or not any(words.is_head(word) for word in match_key(rest).split()):
        return None
    return rest.strip()


_WRITTEN_CHOICE = re.compile(r"^([^,]+?) or ([^,]+)(,.*)?$", re.IGNORECASE)


def _choices_written(written: str) -> list[str]:
    """A name whose first part offers a choice, as each choice: "Hamburger or Ground Beef,
    80% Lean" -> "Ground Beef, 80% Lean" and "Hamburger, 80% Lean"."""
    found = _WRITTEN_CHOICE.match(written) if len(written) <= MAX_TWO_FOODS else None
    if found is None:
        return []
    first, second, rest = found.group(1), found.group(2), found.group(3) or ""
    return [f"{second}{rest}", f"{first}{rest}"]


def _after_brand_part(resolved: dict[str, Resolution], table: FoodTable) -> dict[str, Resolution]:
    """Names that nothing fits, written as a brand first and then the product: the food
    the product names, taken as an assumption for the person to check (a brand's words
    may be words of the table: "Friendly Farms", "Jumbo")."""
    unknown = {
        text: rests
        for text, found in resolved.items()
        if found.food_id is None and not found.score
        and (
            rests := _choices_written(text)
            or [r for r in [_brand_part(text, table) or _brand_word_first(text, table)] if r]
        )
    }  # fmt: skip
    if not unknown:
        return resolved
    words = _name_words(table)
    # a product read as any name is, in parts too ("Belgioioso, Cheese, Provolone, Sharp"
    # is the provolone "Cheese, Provolone, Sharp" is), unless a later part names a food:
    # a flavour or what it is packed in ("Quaker, Instant Oatmeal, Chocolate" is no
    # plain oatmeal as eaten); a choice's parts are its own ("Hamburger, 80% Lean")
    in_parts = {
        r for text in unknown for r in [_brand_part(text, table)]
        if r and not _choices_written(text)
        and not any(words.is_head(w) for part in r.split(",")[1:] for w in match_key(part).split())
    }  # fmt: skip
    whole = sorted({r for rests in unknown.values() for r in rests} - in_parts)
    again = resolve_names(whole, table, False)
    again.update(resolve_names(sorted(in_parts), table, True, False) if in_parts else {})
    for text, rests in unknown.items():
        foods = {again[r].food_id: again[r] for r in rests if again[r].food_id is not None}
        if len(foods) == 1:  # the choices written, where they name one food (or only one does)
            (found,) = foods.values()
            resolved[text] = _assumed_as(found, text)
    return resolved


def _assumed_as(found: Resolution, text: str) -> Resolution:
    """FOUND (the food another reading of TEXT took) as TEXT's, taken as an assumption,
    scored by how like the food's name TEXT is."""
    score = round(_similarity(match_key(text), match_key(str(found.name))), 1)
    return found.model_copy(update={"written": text, "match": MatchKind.ASSUMED, "score": score})


def _similarity(written: str, found: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(written, found))


@kept_with_table
def derive_name_words(table: FoodTable) -> None:
    """Derive every row's name words now, as texts in the index (for the disk cache)."""
    index = table.search_index
    words = NameWords(index, table.foods["food_group"].to_numpy())
    rows = range(len(index.names))
    joined = " ".join
    derived = {
        "words": [joined(words.words(row)) for row in rows],
        "aside": [joined(words.aside(row)) for row in rows],
        "defining": [joined(words.defining(row)[0]) for row in rows],
        "beyond": [joined(words.defining(row)[1]) for row in rows],
        "identity": [joined(words.identity(row)) for row in rows],
        "capitals": [joined(words.capitals(row)) for row in rows],
        "head": [words.head(row) for row in rows],
        "lower": [joined(words._lower(row)) for row in rows],
        "dish": [joined(words.dish(row)[0]) for row in rows],
        "dish_around": [joined(words.dish(row)[1]) for row in rows],
    }
    for kind, texts in derived.items():
        index.keep_row_words(kind, texts)


class _RowTexts:
    """The texts derived for the disk cache (SearchIndex.row_words), by kind."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def __contains__(self, kind: str) -> bool:
        return kind in self.index.row_words

    def __getitem__(self, kind: str) -> list[str]:
        return self.index.row_lines(kind)


def _name_words(table: FoodTable) -> NameWords:
    index = table.search_index
    if not hasattr(index, "_name_words"):  # one per index, built on first use
        object.__setattr__(
            index, "_name_words", NameWords(index, table.foods["food_group"].to_numpy())
        )
    return index._name_words  # type: ignore[attr-defined]


def _exact(
    name: WrittenName,
    known: list[str],
    index: SearchIndex,
    words: NameWords,
    complete: bool = True,
) -> Resolution | None:
    """The food an exact name or alias gives, if it agrees with the stated state: of what
    was written, or (when no state is stated) of its food words, typos mended."""
    keys = [match_key(name.written)]
    said = words.heads(name)
    if not name.qualified:  # a brand or qualifier may say which form: weigh them
        keys.append(" ".join(name.food))
        if complete:  # typos mended; not the food's own word left out ("Eggplant Parm")
            keys.append(" ".join(known))
    for key in dict.fromkeys(keys):
        hit = index.exact(key)
        # a name written as the table writes it is that food, whatever its words say
        # of states ("BANANA, WITHOUT SKIN", "Veal, roast, raw")
        as_named = hit is not None and key == keys[0] and hit[1] is MatchKind.NAME
        # the food words without the "with" that joined them may name another dish
        # ("pancakes with syrup" is no "Pancake syrup")
        if hit and not as_named and said and _turned(name, said, *words.dish(hit[0])):
            continue
        if hit is not None and (as_named or _agrees(name, words.words(hit[0]))):
            row, kind = hit
            return Resolution(
                written=name.written,
                food_id=str(index.food_ids[row]),
                name=index.full_names[row],
                match=kind if key in keys[:2] else MatchKind.FUZZY,  # typos mended: fuzzy
                score=100.0 if key in keys[:2] else round(_similarity(keys[0], key), 1),
            )
    return None


# Weights of the choice among the foods that hold every food word and agree.
# A food whose name says more than was written (extra words that say which food) is
# taken only when it has at most MAX_EXTRA such words and leads every food that says
# something else by CLEAR_LEAD.
MAX_EXTRA = 1
CLEAR_LEAD = 3.0
OPTIONAL_WORD = 4.0  # "whole" of "whole milk", where a name has it
EXTRA_WORD = 2.5  # a word that says which food a name is, and the name written lacks
TEXT_WEIGHT = 0.15  # rapidfuzz's similarity of the whole name
# The text search's prior takes 1.5 a segment, to rank plain foods first; among foods
# that all hold the words written, a longer SR28 name is no worse, so most comes back.
SEGMENT_REFUND = 1.0
ALIAS_KIN = 6.0  # sharing the words of the food the food words' alias names
SURVEY_DEFAULT_BONUS = 4.0  # FNDDS's NFS / "NS as to" food, for a name that says no more
LACKING_TOO = 6.0  # a food that says it lacks what the name says it lacks ("peeled")


def _default_of_said(name_text: str, said: set[str]) -> bool:
    """Whether NAME_TEXT is FNDDS's default (NFS, "NS as to …") of a food all of whose
    words before it were said: "Roll, bran, NS as to type of bran" is the default of bran
    rolls, not of "roll"; "Chicken breast, NS as to cooking method" of "chicken breast"."""
    found = SURVEY_DEFAULT.search(name_text)
    if found is None:
        return False
    # (the first segment's words are the food's; the kind it is is said after: "Fruit
    # smoothie, NFS" is the default of smoothies)
    # (nor a choice: "Oatmeal, regular or quick, made with milk, NS as to fat")
    _, _, after_head = name_text[: found.start()].partition(",")
    kinds = " ".join(part for part in after_head.split(",") if " or " not in part)
    named = set(match_key(kinds).split()) - NOT_WHICH_FOOD_KEYS - OPTIONAL_KEYS
    return named <= said


def _choose(
    name: WrittenName,
    known: list[str],
    candidates: list[tuple[int, float, float]],
    index: SearchIndex,
    words: NameWords,
    ask: bool = False,
    branded: bool = False,
) -> Resolution:
    """Among the text search's candidates, the food that holds every food word and agrees
    with the stated state; several: the form people mean, with the others listed. ASK:
    the name has words no food has, so the foods that fit are only suggested."""
    ids, names = index.food_ids, index.full_names
    # sizes and numbers ("whole", "70%") count where a name has them; the rest must be there
    # and a brand SR28 names ("Mott's Applesauce") is welcome but not needed, unless it is
    # all the name says ("Cheerios")
    needed = {w for w in known if w not in OPTIONAL_KEYS and not w[:1].isdigit()}
    wanted = needed - words.brands(needed) or needed or set(known)
    optional = set(known) - wanted
    alias = index.exact(" ".join(known))
    kin = words.defining(alias[0])[0] if alias is not None else frozenset()
    said_keys = set(known) | set(name.written_states)
    said_heads = words.heads(name)
    rows = [row for row, *_ in candidates]
    # (a cut no fitting food's name says takes no default away: "salmon fillet" is
    # FNDDS's salmon NS as to cooking method, weighed in fillets, though no name says so)
    fit = [words.words(row) for row in rows if wanted <= words.words(row)]
    said_keys -= {w for w in optional & CUT_KEYS if not any(w in found for found in fit)}
    if alias is not None and alias[0] not in rows:
        candidates = [*candidates, (alias[0], 100.0, 100.0)]

    said_all = set(name.food) | set(known)
    # what the name says first is a food of the table's own ("peanut butter"; not
    # "saltines", which are only ever "Crackers, saltines")
    own_food = words.is_head(" ".join(name.head or known))

    def fitting_for(required: set[str]) -> list[tuple[float, int, float]]:
        found = []
        for row, text_score, _ in candidates:
            row_words = words.words(row)
            # the alias of the food words holds them, whatever its name says ("spaghetti":
            # "Pasta, cooked")
            is_alias = alias is not None and row == alias[0]
            if not is_alias and not required <= row_words:
                continue
            defining, beyond = words.defining(row)
            if not is_alias and not required & defining:
                continue
            if not _agrees(name, row_words):
                continue
            # a product the name does not say it is, of a food the table has of its own:
            # "Peanut Butter, Regular" is no "Cookies, peanut butter, …, regular" (nor are
            # "raisins" "Bread, raisin")
            product = words.head(row)
            if (
                own_food and not is_alias and product in PRODUCT_KEYS
                and not set(product.split()) & said_all
            ):  # fmt: skip
                continue
            if name.lacks and _comes_with(index.full_names[row], name.lacks):
                continue
            lacking = _lacking(name, row_words)
            # the first word of a two-word category without the second is another food: a
            # "caesar salad" is no "Salad dressing, caesar dressing"
            first, _, last = product.partition(" ")
            if product in TWO_WORD_CATEGORIES and first in said and last not in said:
                continue
            if not is_alias and said_heads and _turned(name, said_heads, *words.dish(row)):
                continue
            fit = (
                TEXT_WEIGHT * text_score
                + index.prior[row]
                + SEGMENT_REFUND * min(index.full_names[row].count(","), 8)
                + _preference(
                    name, row_words, beyond, str(words.groups[row]),
                    frozenset(product.split()), branded or bool(name.brand),
                    words.aside(row), index.full_names[row],
                )
                + ALIAS_KIN * len(kin & row_words) / max(len(kin), 1)
                + LACKING_TOO * lacking
                + OPTIONAL_WORD * len(optional & row_words)
                # FNDDS's default for what was left unsaid, where it lacks nothing said
                + SURVEY_DEFAULT_BONUS * (
                    said_keys <= row_words and _default_of_said(names[row], said_keys)
                )
            )  # fmt: skip
            found.append((fit, row, text_score))
        return found

    # every word the name says must be there: a food without one of them is another
    # food ("Cheesesteak Stuffed Peppers" are no banana peppers)
    said = set(name.food) | set(known)
    fitting = fitting_for(wanted)
    suggestions = [f"{ids[row]} {names[row]}" for row, *_ in candidates[:SUGGESTIONS]]
    if not fitting:  # no food holds what was written: unknown, with the closest names
        return Resolution(
            written=name.written, food_id=None, name=None, match=None,
            score=0.0, suggestions=suggestions,
        )  # fmt: skip
    fitting.sort(key=lambda found: (-found[0], ids[found[1]]))
    best_fit, row, text_score = fitting[0]
    said = set(name.food) | set(known) | set(name.brand)

    def unsaid(row: int) -> frozenset[str]:
        """What the food is, beyond what was said: not the brand and product names SR28
        writes in capitals, and nothing where SR28 says it includes what was written
        ("Bread, french or vienna, toasted (includes sourdough)")."""
        if set(known) <= words.aside(row):
            return frozenset()
        return words.identity(row) - said - words.capitals(row) - _other_choices(names[row], said)

    extra = unsaid(row)
    head = words.head(row)
    # a close food that says something else, and is another food (not the same food in
    # another variety: light or white tuna, farmed or wild salmon)
    rival = next(
        (
            fit
            for fit, other, _ in fitting[1:]
            if unsaid(other) != extra and words.head(other) != head
        ),
        None,
    )
    unclear = extra and rival is not None and best_fit - rival < CLEAR_LEAD
    # two varieties that fit exactly as well, each saying what the other does not
    # ("Gnocchi, cheese" and "Gnocchi, potato"): which is meant is not known
    unclear = unclear or any(
        fit == best_fit and unsaid(other) != extra for fit, other, _ in fitting[1:3]
    )
    numbers = {w for w in known if w[:1].isdigit()}  # "70%" of "dark chocolate 70%"
    # a brand, or words no food has, and a food that says more than the words: the
    # brand's product is likely not in the table ("Premier Protein - Chocolate Shake")
    # (a brand of everyday foods is no such product: "Fresh Express - Chopped Romaine")
    allowed = 0 if (branded or name.brand) and not _brand_known(name.brand) else MAX_EXTRA
    # a restaurant's or baby food for a name that does not say so ("oreo" is no McFlurry)
    unlikely = str(words.groups[row]) in UNLIKELY_GROUPS and not words.identity(row) <= set(
        known
    ) | set(name.brand)
    # a product SR28 names by its brand: taken only when the name says one of the
    # product's name parts whole ("Cheerios" is GENERAL MILLS, CHEERIOS; "Harvest Bowl"
    # is no KASHI ..., CINNAMON HARVEST)
    plain = said | NEUTRAL_KEYS | MARKETING_KEYS
    only_brand = bool(words.identity(row) & words.capitals(row) - plain) and not any(
        set(match_key(segment).split()) <= plain for segment in index.full_names[row].split(",")[1:]
    )
    # two foods joined: only a food whose name joins foods too ("Spaghetti, with
    # meatballs"; "Tortilla and cheese" is no "Snacks, tortilla chips, nacho cheese")
    apart = name.joins and not words.words(row) & {"and", "with"}
    # a dish or product made of the food ("Salad dressing, coleslaw", "Beef taco filling")
    # for a name that says no such thing: another food, asked about
    # (what it is cooked or served in is no part of what it is: "… in soy sauce")
    dish = bool(set(f" {head} ".split(" in ")[0].split()) & DISH_KEYS - said)

    # a form people rarely mean unless they say so, unsaid ("Bacon strip, meatless",
    # "Orange juice, light"): the best that fits, but not what was written
    # a rare word every food that fits has is what the food is ("sweetened" of condensed
    # milk), no rare form of it
    # (but a form not ready to eat stays rare, were every one so: "unprepared"; and a
    # word that says it is not the food: "dairy milk" is no "Non-dairy milk")
    every = frozenset.intersection(*(words.words(r) for _, r, _ in fitting))
    every = every - AS_SOLD_KEYS - NOT_THE_FOOD_KEYS

    def rare_words(row: int) -> frozenset[str]:
        found = words.words(row) & RARE_FORM_KEYS - said - words.aside(row) - MARKETING_KEYS
        # (the category a name starts with is what all its kind are: SR28's "Alcoholic
        # beverage, wine, …"; FNDDS's "Fruit punch, alcoholic" says a rare form)
        head = words.head(row)
        found = found - frozenset(head.split()) if head in CATEGORY_KEYS else found
        return found - every if len(fitting) > 1 else found

    rare = bool(rare_words(row))
    if rare and rare_words(row) <= SETTING_KEYS and not ask:
        # the best is a kitchen's version ("Rice, white, steamed, Chinese restaurant" for
        # "White Rice, Steamed"): the same food as made elsewhere, so weigh the foods of
        # the usual forms alone
        usual_rows = {r for _, r, _ in fitting if not rare_words(r)}
        usual = [c for c in candidates if c[0] in usual_rows]
        if usual:
            return _choose(name, known, usual, index, words, ask, branded)
    if (
        ask or len(extra) > allowed or unclear or unlikely or only_brand or apart or dish
        # a name that says what its food lacks: only a food that says so too
        or (name.lacks and not _lacking(name, words.words(row)))
        or rare
        or not numbers <= words.words(row)
    ):  # fmt: skip
        # the food people mean is not clear: ask, with the likeliest first (a stand-in
        # the name does not say after the rest: "coffee with milk" offers no non-dairy
        # latte first)
        offered = sorted(fitting, key=lambda f: bool(words.words(f[1]) & NOT_THE_FOOD_KEYS - said))
        return Resolution(
            written=name.written, food_id=None, name=None, match=None,
            score=round(text_score, 1),
            suggestions=[f"{ids[r]} {names[r]}" for _, r, _ in offered[:SUGGESTIONS]],
        )  # fmt: skip
    others = [f"{ids[r]} {names[r]}" for _, r, _ in fitting[1 : 1 + ALTERNATIVES]]
    return Resolution(
        written=name.written,
        food_id=str(ids[row]),
        name=str(names[row]),
        match=MatchKind.ASSUMED if others else MatchKind.FUZZY,
        score=round(text_score, 1),
        suggestions=others,
    )


# --- reviewing ------------------------------------------------------------------------------

REVIEW_CANDIDATES = 5
# Matches taken on a guess: --strict refuses them, screener resolve lists them.
GUESSED = {MatchKind.FUZZY, MatchKind.ASSUMED}
# How a name that needs the person's eye resolved: unknown or asked (None), or taken on a
# guess (fuzzy, assumed).
NEEDS_REVIEW = {None, *GUESSED}


@dataclass(frozen=True)
class Review:
    """A written name the person should look at, with the foods it could be."""

    written: str
    resolution: Resolution
    candidates: list[tuple[str, str]]  # (food_id, name), the likeliest first


def reviews(resolutions: list[Resolution], table: FoodTable | None = None) -> list[Review]:
    """Every name that is unknown, asked, fuzzy or assumed, once, with its best
    REVIEW_CANDIDATES foods: the one taken, its alternatives, then the closest names."""
    from .foods import search_foods

    table = table or default_foods()
    found = []
    for resolution in {r.written: r for r in resolutions}.values():
        if resolution.match not in NEEDS_REVIEW:
            continue
        candidates: dict[str, str] = {}
        if resolution.food_id is not None:
            candidates[resolution.food_id] = str(resolution.name)
        for suggestion in resolution.suggestions:
            food_id, _, food_name = suggestion.partition(" ")
            candidates.setdefault(food_id, food_name)
        if len(candidates) < REVIEW_CANDIDATES:
            query = read_name(resolution.written).key or resolution.written
            for food_id, food_name in search_foods(query, limit=REVIEW_CANDIDATES, table=table)[
                ["food_id", "name"]
            ].itertuples(index=False):
                candidates.setdefault(str(food_id), str(food_name))
        found.append(
            Review(resolution.written, resolution, list(candidates.items())[:REVIEW_CANDIDATES])
        )
    return found
