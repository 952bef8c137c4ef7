// Package hooks is the one mechanism for a cross-module call that runs
// against the order keepers are built in: module A is built first, module B
// depends on A, and A still needs to ask B a question at run time (x/dao
// asks x/sourcedao the class a project approval needs; x/reputation asks
// x/compute whether a lease finished). Every other edge is a constructor
// argument typed by an expected-keeper interface; see docs/architecture.md.
//
// A Registry is created by A's constructor and held by pointer, so every
// copy of A's keeper (keepers are values, copied into modules and services)
// sees what B registers at app wiring, whenever the copy was made.
package hooks

import "fmt"

// Registry holds the hooks of one kind by key (a message type URL, a module
// name). It is written only while the app is wired and read-only after, so
// it needs no lock; it is looked up, never iterated in the state machine.
type Registry[V any] struct {
	kind  string
	byKey map[string]V
}

// NewRegistry returns an empty registry; kind names the hooks in panics.
func NewRegistry[V any](kind string) *Registry[V] {
	return &Registry[V]{kind: kind, byKey: map[string]V{}}
}

// Register adds the hook for key. A second hook for one key is a wiring
// bug, found when the app is built: it panics.
func (r *Registry[V]) Register(key string, hook V) {
	if key == "" {
		panic(fmt.Sprintf("%s registered under an empty key", r.kind))
	}
	if _, ok := r.byKey[key]; ok {
		panic(fmt.Sprintf("%s for %q registered twice", r.kind, key))
	}
	r.byKey[key] = hook
}

// Get returns the hook for key and whether one is registered.
func (r *Registry[V]) Get(key string) (V, bool) {
	hook, ok := r.byKey[key]
	return hook, ok
}
