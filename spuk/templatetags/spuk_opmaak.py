from django import template

from kern.opmaak import euro_op_pagina

register = template.Library()

# One notation for every page: the filter is kern's (kern/opmaak.py).
register.filter("euro", euro_op_pagina)
