// Package colls holds collections helpers the modules share: reading the
// due part of a time queue, reading a collection into a slice (values.go,
// for ExportGenesis), and paginating over an index's keys.
package colls

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
	"cosmossdk.io/core/store"
)

// Due returns the keys of a (time, K) queue due at or before now, oldest
// first, at most limit of them: the rest wait for the next block. Callers
// remove what they handle.
func Due[K any](ctx context.Context, queue collections.KeySet[collections.Pair[time.Time, K]], now time.Time, limit uint32) ([]collections.Pair[time.Time, K], error) {
	var due []collections.Pair[time.Time, K]
	err := queue.Walk(ctx, collections.NewPrefixUntilPairRange[time.Time, K](now), func(key collections.Pair[time.Time, K]) (bool, error) {
		due = append(due, key)
		return uint32(len(due)) >= limit, nil
	})
	return due, err
}

// PopDue takes the due keys of a (time, K) queue as Due does, removes
// each from the queue and then hands it to handle, so an entry is handled
// once even if handle queues new entries.
func PopDue[K any](ctx context.Context, queue collections.KeySet[collections.Pair[time.Time, K]], now time.Time, limit uint32,
	handle func(at time.Time, key K) error,
) error {
	due, err := Due(ctx, queue, now, limit)
	if err != nil {
		return err
	}
	for _, entry := range due {
		if err := queue.Remove(ctx, entry); err != nil {
			return err
		}
		if err := handle(entry.K1(), entry.K2()); err != nil {
			return err
		}
	}
	return nil
}

// IndexKeys reads the keys of an indexes.Multi stored under prefix, pairs
// (reference, id), as a key set, so query.CollectionPaginate can page
// through an index with a reference prefix. It is built on its own schema
// builder: a read-only view of keys the index owns.
func IndexKeys[R any](storeService store.KVStoreService, prefix collections.Prefix, name string, ref collcodec.KeyCodec[R]) collections.KeySet[collections.Pair[R, uint64]] {
	return collections.NewKeySet(collections.NewSchemaBuilder(storeService), prefix, name, collections.PairKeyCodec(ref, collections.Uint64Key))
}
