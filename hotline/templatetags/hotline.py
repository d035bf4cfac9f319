from django import template

from examportal.text import person_name

register = template.Library()

# The portal's one display-name function, under the name the hotline's templates use.
register.filter("staff_name", person_name)
staff_name = person_name
