package cmd

import (
	"path/filepath"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// openAppDB opens data/application.db as cosmos-sdk's default opener does,
// except that a goleveldb store does not compact on seeks.
//
// goleveldb charges a "seek" to a table each time a read looks in it and
// has to go on to another table, and compacts the table once it has been
// charged about one seek per 16 KiB. A read of a key that is absent (a
// first vote, a first balance, an address that is not an agent) goes
// through every level, so a stream of them kept compaction rewriting the
// same tables: a 10,000-vote batch wrote about 700 MB of tables against
// 130 MB for 10,000 bank sends. The bloom filters (kept) already answer
// such reads without reading the tables, so the compactions bought
// nothing. Size-triggered compaction is unchanged, and the files stay
// readable by any goleveldb opener.
func openAppDB(rootDir string, backend dbm.BackendType) (dbm.DB, error) {
	dataDir := filepath.Join(rootDir, "data")
	if backend != dbm.GoLevelDBBackend {
		return dbm.NewDB("application", backend, dataDir)
	}
	return dbm.NewGoLevelDBWithOpts("application", dataDir, appDBOptions())
}

// appDBOptions are the goleveldb options of application.db: cosmos-db's
// defaults (a 10-bit bloom filter) without seek compaction.
func appDBOptions() *opt.Options {
	return &opt.Options{
		Filter:                 filter.NewBloomFilter(10),
		DisableSeeksCompaction: true,
	}
}
