package colls

import (
	"context"

	"cosmossdk.io/core/store"
	storetypes "cosmossdk.io/store/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// TransientStoreService opens a module's transient store through the
// context's TransientStore, so reads and writes are charged the transient
// gas config (100 per read, 200 + 3/byte per write). cosmos-sdk's
// runtime.NewTransientStoreService opens it with ctx.KVStore and charges
// the persistent rates, which would take away the point of keeping
// per-block counts there.
func TransientStoreService(key *storetypes.TransientStoreKey) store.TransientStoreService {
	return transientService{key: key}
}

type transientService struct{ key *storetypes.TransientStoreKey }

func (t transientService) OpenTransientStore(ctx context.Context) store.KVStore {
	return kvStore{sdk.UnwrapSDKContext(ctx).TransientStore(t.key)}
}

// kvStore is a store/types KVStore seen as a core KVStore.
type kvStore struct{ s storetypes.KVStore }

func (s kvStore) Get(key []byte) ([]byte, error) { return s.s.Get(key), nil }
func (s kvStore) Has(key []byte) (bool, error)   { return s.s.Has(key), nil }
func (s kvStore) Set(key, value []byte) error {
	s.s.Set(key, value)
	return nil
}

func (s kvStore) Delete(key []byte) error {
	s.s.Delete(key)
	return nil
}

func (s kvStore) Iterator(start, end []byte) (store.Iterator, error) {
	return s.s.Iterator(start, end), nil
}

func (s kvStore) ReverseIterator(start, end []byte) (store.Iterator, error) {
	return s.s.ReverseIterator(start, end), nil
}
