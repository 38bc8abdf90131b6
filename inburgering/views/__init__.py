"""The finance adviser's and the consulent's pages. Views read through selectors, write through
services, and check rights through kern.views_base (404 for another gemeente, 403 without the
right)."""
