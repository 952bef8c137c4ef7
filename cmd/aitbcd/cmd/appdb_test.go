package cmd

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/util"
)

// The files of application.db stay readable both ways: a node can switch
// to openAppDB, and any tool with cosmos-db's default opener (export,
// rollback, snapshots) reads what it wrote.
func TestOpenAppDBSharesFilesWithDefaultOpener(t *testing.T) {
	home := t.TempDir()
	dataDir := filepath.Join(home, "data")

	def, err := dbm.NewDB("application", dbm.GoLevelDBBackend, dataDir)
	require.NoError(t, err)
	require.NoError(t, def.Set([]byte("written-by-default"), []byte("1")))
	require.NoError(t, def.Close())

	db, err := openAppDB(home, dbm.GoLevelDBBackend)
	require.NoError(t, err)
	require.IsType(t, &dbm.GoLevelDB{}, db)
	got, err := db.Get([]byte("written-by-default"))
	require.NoError(t, err)
	require.Equal(t, []byte("1"), got)
	require.NoError(t, db.Set([]byte("written-by-app"), []byte("2")))
	require.NoError(t, db.Close())

	def, err = dbm.NewDB("application", dbm.GoLevelDBBackend, dataDir)
	require.NoError(t, err)
	got, err = def.Get([]byte("written-by-app"))
	require.NoError(t, err)
	require.Equal(t, []byte("2"), got)
	require.NoError(t, def.Close())
}

// Other backends open as cosmos-sdk opens them.
func TestOpenAppDBOtherBackends(t *testing.T) {
	db, err := openAppDB(t.TempDir(), dbm.MemDBBackend)
	require.NoError(t, err)
	require.IsType(t, &dbm.MemDB{}, db)
	require.NoError(t, db.Close())
}

// Reads of absent keys that look through two tables make goleveldb
// compact the first table when seek compaction is on; in the database
// `aitbcd start` opens they never do. The control store (appDBOptions with
// seek compaction back on, i.e. cosmos-db's defaults) is the clock: the
// app's store must not have compacted by the time the control has, after
// the same reads.
func TestStartAppDBNoSeekCompaction(t *testing.T) {
	home := t.TempDir()
	db, err := startOptions().DBOpener(home, dbm.GoLevelDBBackend)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	require.IsType(t, &dbm.GoLevelDB{}, db)
	app := db.(*dbm.GoLevelDB).DB()
	fillTwoLevels(t, app)
	readAbsentKeys(t, app)

	seeking := appDBOptions()
	seeking.DisableSeeksCompaction = false
	def, err := leveldb.OpenFile(t.TempDir(), seeking)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, def.Close()) })
	fillTwoLevels(t, def)
	readAbsentKeys(t, def)
	require.Eventually(t, func() bool { return seekCompactions(t, def) > 0 }, 2*time.Minute, 5*time.Millisecond,
		"the reads did not trigger a seek compaction under goleveldb's defaults: the test no longer shows anything")

	require.Zero(t, seekCompactions(t, app))
	// The reads found nothing, and the data is whole.
	v, err := app.Get(testKey(0), nil)
	require.NoError(t, err)
	require.Equal(t, []byte("second"), v[:6])
}

const twoLevelKeys = 4000

func testKey(i int) []byte { return []byte(fmt.Sprintf("key-%08d", i)) }

// fillTwoLevels stores the even keys in a lower level and, over the same
// range, one table in level 0: a read of an odd key looks in the level-0
// table, then the lower one.
func fillTwoLevels(t *testing.T, db *leveldb.DB) {
	t.Helper()
	value := make([]byte, 100)
	for i := 0; i < twoLevelKeys; i += 2 {
		require.NoError(t, db.Put(testKey(i), append([]byte("first"), value...), nil))
	}
	require.NoError(t, db.CompactRange(util.Range{}))
	// A quarter of the even keys again, spread over the whole range, then
	// writes past the range until the write buffer flushes into level 0.
	for i := 0; i < twoLevelKeys; i += 4 {
		require.NoError(t, db.Put(testKey(i), append([]byte("second"), value...), nil))
	}
	flushed := func() bool {
		s := dbStats(t, db)
		return len(s.LevelTablesCounts) > 1 && s.LevelTablesCounts[0] > 0
	}
	for i := twoLevelKeys; !flushed(); i++ {
		require.NoError(t, db.Put(testKey(i), value, nil))
	}
	require.Zero(t, seekCompactions(t, db))
}

// readAbsentKeys reads every odd key of the range: none is there.
func readAbsentKeys(t *testing.T, db *leveldb.DB) {
	t.Helper()
	for i := 1; i < twoLevelKeys; i += 2 {
		_, err := db.Get(testKey(i), nil)
		require.ErrorIs(t, err, leveldb.ErrNotFound)
	}
}

func dbStats(t *testing.T, db *leveldb.DB) leveldb.DBStats {
	t.Helper()
	var s leveldb.DBStats
	require.NoError(t, db.Stats(&s))
	return s
}

func seekCompactions(t *testing.T, db *leveldb.DB) uint32 {
	t.Helper()
	return dbStats(t, db).SeekComp
}
