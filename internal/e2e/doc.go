// Package e2e holds end-to-end tests of xacct-lint's built-in rules over
// whole setups: the known-good corpus under examples/ must lint clean, each
// documented mistake applied to it must make exactly the expected rules
// fire, and every setup that package generate writes from a valid model
// must lint clean. It has no API; its tests are the point.
package e2e
