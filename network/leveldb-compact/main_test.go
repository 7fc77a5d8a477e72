package main

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/syndtr/goleveldb/leveldb"
)

// put writes keys with a value each into a new database in dir.
func put(t *testing.T, dir string, keys ...[]byte) {
	t.Helper()
	db, err := leveldb.OpenFile(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, key := range keys {
		if err := db.Put(key, []byte("salted private write set"), nil); err != nil {
			t.Fatal(err)
		}
	}
}

func join(parts ...[]byte) []byte {
	var key []byte
	for _, part := range parts {
		key = append(key, part...)
	}
	return key
}

var sep = []byte{0}

// height is Fabric's order-preserving encoding of a small block height (one byte).
func height(h byte) []byte { return []byte{1, h} }

func txIDKey(channel, txid string, block byte) []byte {
	return join([]byte(channel), sep, []byte{'t'}, height(byte(len(txid))), []byte(txid), height(block), height(0))
}

func transientKeys(channel, txid string, h byte) [][]byte {
	return [][]byte{
		join([]byte(channel), sep, []byte("P"), sep, []byte(txid), sep, []byte("uuid-1"), sep, height(h)),
		join([]byte(channel), sep, []byte("T"), sep, []byte(txid), sep, []byte("uuid-1"), sep, height(h)),
		join([]byte(channel), sep, []byte("H"), sep, height(h), sep, []byte(txid), sep, []byte("uuid-1")),
	}
}

func keysOf(t *testing.T, dir string) []string {
	t.Helper()
	var keys []string
	if err := withDB(dir, func(db *leveldb.DB) error {
		it := db.NewIterator(nil, nil)
		defer it.Release()
		for it.Next() {
			keys = append(keys, string(it.Key()))
		}
		return it.Error()
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

func TestDropsTheWriteSetsOfCommittedTransactionsOnly(t *testing.T) {
	root := t.TempDir()
	index := filepath.Join(root, "ledgersData", "chains", "index")
	transient := filepath.Join(root, "transientstore")
	put(t, index, txIDKey("asylum", "committed-tx", 7), txIDKey("asylum", "other-committed", 8), []byte("asylum\x00indexCheckpointKey"))
	var keys [][]byte
	keys = append(keys, transientKeys("asylum", "committed-tx", 6)...)
	keys = append(keys, transientKeys("asylum", "in-flight-tx", 9)...)
	// the same id on another channel is not committed there
	keys = append(keys, transientKeys("other", "committed-tx", 6)...)
	put(t, transient, keys...)

	committed, err := committedTxIDs(index)
	if err != nil {
		t.Fatal(err)
	}
	if len(committed) != 2 || !committed["asylum\x00committed-tx"] || !committed["asylum\x00other-committed"] {
		t.Fatalf("committed ids: %v", committed)
	}
	r, err := compact(transient, committed)
	if err != nil {
		t.Fatal(err)
	}
	if r.TransientDropped == nil || *r.TransientDropped != 1 {
		t.Fatalf("dropped: %v", r.TransientDropped)
	}
	if r.TransientWriteSets == nil || *r.TransientWriteSets != 2 {
		t.Fatalf("write sets left: %v", r.TransientWriteSets)
	}
	var want []string
	for _, key := range append(transientKeys("asylum", "in-flight-tx", 9), transientKeys("other", "committed-tx", 6)...) {
		want = append(want, string(key))
	}
	sort.Strings(want)
	got := keysOf(t, transient)
	if len(got) != len(want) {
		t.Fatalf("keys left: %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("keys left: %q, want %q", got, want)
		}
	}
}

func TestLeavesOtherDatabasesAndAStoreWithoutAnIndexAlone(t *testing.T) {
	root := t.TempDir()
	transient := filepath.Join(root, "transientstore")
	state := filepath.Join(root, "stateLeveldb")
	put(t, transient, transientKeys("asylum", "committed-tx", 6)...)
	put(t, state, transientKeys("asylum", "committed-tx", 6)...)
	if r, err := compact(transient, nil); err != nil || r.TransientDropped != nil || *r.TransientWriteSets != 1 {
		t.Fatalf("without an index: %+v %v", r, err)
	}
	if r, err := compact(state, map[string]bool{"asylum\x00committed-tx": true}); err != nil || r.TransientDropped != nil || len(keysOf(t, state)) != 3 {
		t.Fatalf("state database: %+v %v", r, err)
	}
	if _, err := committedTxIDs(filepath.Join(root, "missing")); err == nil {
		t.Fatal("a missing index must be an error")
	}
}
