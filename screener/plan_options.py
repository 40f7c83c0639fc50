"""What a plan can be asked for (the `plan` command's choices and defaults), apart from
the planner itself, so that the other commands need not import it."""

DEFAULT_MAX_KCAL = 500.0  # added a day
# Diets, each allowing the foods of the ones before it.
DIETS = ("vegan", "vegetarian", "pescatarian", "omnivore")
