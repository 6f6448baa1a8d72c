// Package hostile holds netsyncd's hostile-input suite: calendar objects
// that explode, configs that loop, servers that lie and disks that fill,
// each driven through a real entry point (explain --ics, check-config, a
// pass against a server) and each required to end in bounded time and
// memory, with the rest of the pass going on and a message that names the
// object, URL or file:line:key.
//
// The package has no code of its own outside its tests. Each case runs in a
// child process of the test binary (see Case in figures_test.go), so its
// peak RSS is its own and not the suite's; TestMain prints every case's
// wall time and peak RSS at the end. docs/reliability.md lists the cases and
// the bounds.
package hostile
