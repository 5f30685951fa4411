"""The one palette every course figure uses, as plain data (no drawing library needed).

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinguishable for the common kinds
of colour blindness. Figures also use shapes, labels or patterns, so that no meaning depends on colour alone.
"""

__all__ = ["OKABE_ITO", "SEQUENCE"]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

# The order to use for series that have no colour of their own.
SEQUENCE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]
