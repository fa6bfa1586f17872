package xacct.lib.util

# loc returns the location of a fact.
loc(x) := x.loc
