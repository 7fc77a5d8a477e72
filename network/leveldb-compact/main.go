// Command leveldb-compact compacts the LevelDB databases of a stopped Fabric peer over their whole
// key range, so that the versions of values that a later write or a delete replaced (private data
// that Fabric purged above all) leave the files: LevelDB only marks them replaced, and drops them
// when a compaction merges them with the newer version.
//
// Usage: leveldb-compact [-version] [-block-index <folder>] <database folder>...
//
// For each folder it prints one JSON line: files and bytes before and after, the time taken, and
// for Fabric's private data store and transient store how many entries are still live (see
// liveFabricEntries). With -block-index (the peer's ledgersData/chains/index), the private write
// sets in a transient store of transactions that block index lists as committed are deleted
// before the compaction (see dropCommittedTransient): a peer deletes them itself at commit only
// for collections it is a member of, and keeps the others until they age out by block height. A database that is missing, not LevelDB, or held by a running peer (its
// LOCK) is an error: the command stops with exit code 1 and one line on stderr.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/util"
)

// toolVersion is what -version prints; network/src/leveldb-compact-install.ts checks it.
const toolVersion = "leveldb-compact 2 goleveldb v1.0.1-0.20210305035536-64b5b1c73954"

// report is the JSON line printed for one database.
type report struct {
	Path        string `json:"path"`
	FilesBefore int    `json:"filesBefore"`
	BytesBefore int64  `json:"bytesBefore"`
	FilesAfter  int    `json:"filesAfter"`
	BytesAfter  int64  `json:"bytesAfter"`
	Millis      int64  `json:"millis"`
	// PendingPurges counts purge markers Fabric has not applied yet (private data store only).
	PendingPurges *int `json:"pendingPurges,omitempty"`
	// TransientWriteSets counts private write sets of transactions not committed (yet), transient store only.
	TransientWriteSets *int `json:"transientWriteSets,omitempty"`
	// TransientDropped counts the private write sets of committed transactions deleted (with -block-index).
	TransientDropped *int `json:"transientDropped,omitempty"`
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	blockIndex := flag.String("block-index", "", "the peer's block index (ledgersData/chains/index): delete transient write sets of the transactions it lists")
	flag.Parse()
	if *showVersion {
		fmt.Println(toolVersion)
		return
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: leveldb-compact [-version] [-block-index <folder>] <database folder>...")
		os.Exit(2)
	}
	var committed map[string]bool
	if *blockIndex != "" {
		var err error
		if committed, err = committedTxIDs(*blockIndex); err != nil {
			fmt.Fprintf(os.Stderr, "leveldb-compact: %s: %v\n", *blockIndex, err)
			os.Exit(1)
		}
	}
	out := json.NewEncoder(os.Stdout)
	for _, dir := range flag.Args() {
		r, err := compact(dir, committed)
		if err != nil {
			fmt.Fprintf(os.Stderr, "leveldb-compact: %s: %v\n", dir, err)
			os.Exit(1)
		}
		if err := out.Encode(r); err != nil {
			fmt.Fprintf(os.Stderr, "leveldb-compact: %v\n", err)
			os.Exit(1)
		}
	}
}

// compact compacts one database and reports on it; in a transient store it first deletes the
// write sets of the committed transactions (when committed is not nil).
func compact(dir string, committed map[string]bool) (report, error) {
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); err != nil {
		return report{}, errors.New("not a LevelDB database (no CURRENT file)")
	}
	r := report{Path: dir}
	var err error
	if r.FilesBefore, r.BytesBefore, err = usage(dir); err != nil {
		return r, err
	}
	started := time.Now()
	if committed != nil && filepath.Base(dir) == "transientstore" {
		if err := withDB(dir, func(db *leveldb.DB) error { return dropCommittedTransient(db, committed, &r) }); err != nil {
			return r, err
		}
	}
	if err := compactOnce(dir, &r); err != nil {
		return r, err
	}
	// goleveldb deletes the tables a compaction replaced in the background and may not have done so
	// when Close returns; opening the database again deletes every file its current version does
	// not reference (checkAndCleanFiles), so nothing replaced stays behind.
	if err := withDB(dir, func(*leveldb.DB) error { return nil }); err != nil {
		return r, err
	}
	r.Millis = time.Since(started).Milliseconds()
	r.FilesAfter, r.BytesAfter, err = usage(dir)
	return r, err
}

func compactOnce(dir string, r *report) error {
	return withDB(dir, func(db *leveldb.DB) error {
		// an empty range is the whole key space: the memory table is written out (its journal
		// removed) and every level is merged into the next, dropping replaced versions
		if err := db.CompactRange(util.Range{}); err != nil {
			return fmt.Errorf("compaction failed: %w", err)
		}
		return liveFabricEntries(db, filepath.Base(dir), r)
	})
}

// withDB opens an existing database (never creates one), runs fn and closes it.
func withDB(dir string, fn func(*leveldb.DB) error) error {
	db, err := leveldb.OpenFile(dir, &opt.Options{ErrorIfMissing: true})
	if err != nil {
		return fmt.Errorf("cannot open (a running peer holds its LOCK: stop the peer first): %w", err)
	}
	fnErr := fn(db)
	if err := db.Close(); err != nil && fnErr == nil {
		return fmt.Errorf("close failed: %w", err)
	}
	return fnErr
}

// liveFabricEntries counts, in Fabric 2.5's private data store and transient store, the entries
// that compaction cannot remove because Fabric still keeps them. Fabric keys every entry as
// <channel> 0x00 <key>; in the private data store (folder pvtdataStore) a key starting with 'c' is
// a purge marker not applied yet (core/ledger/pvtdatastorage/kv_encoding.go), in the transient
// store (folder transientstore) a key starting with 'P' 0x00 is the private write set of a
// transaction that has not been committed (core/transientstore/store_helper.go).
func liveFabricEntries(db *leveldb.DB, name string, r *report) error {
	var match func(key []byte) bool
	switch name {
	case "pvtdataStore":
		match = func(key []byte) bool { return len(key) > 0 && key[0] == 'c' }
	case "transientstore":
		match = func(key []byte) bool { return len(key) > 1 && key[0] == 'P' && key[1] == 0 }
	default:
		return nil
	}
	count := 0
	it := db.NewIterator(nil, nil)
	for it.Next() {
		key := it.Key()
		for i, b := range key {
			if b == 0 {
				if match(key[i+1:]) {
					count++
				}
				break
			}
		}
	}
	it.Release()
	if err := it.Error(); err != nil {
		return fmt.Errorf("reading keys failed: %w", err)
	}
	if name == "pvtdataStore" {
		r.PendingPurges = &count
	} else {
		r.TransientWriteSets = &count
	}
	return nil
}

// usage counts the files and bytes in a folder (not recursive: LevelDB keeps no subfolders).
func usage(dir string) (int, int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0, err
	}
	files, bytes := 0, int64(0)
	for _, entry := range entries {
		info, err := entry.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		files++
		bytes += info.Size()
	}
	return files, bytes, nil
}

// committedTxIDs reads the transaction ids of a stopped peer's block index. Fabric 2.5 keys each
// as <channel> 0x00 't' <length> <txid> <block> <tx> (common/ledger/blkstorage/blockindex.go,
// constructTxIDKey; the numbers in its order-preserving encoding: one byte giving the count of
// big-endian bytes that follow). The answer holds <channel> 0x00 <txid> for each.
func committedTxIDs(dir string) (map[string]bool, error) {
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); err != nil {
		return nil, errors.New("not a LevelDB database (no CURRENT file)")
	}
	committed := map[string]bool{}
	err := withDB(dir, func(db *leveldb.DB) error {
		it := db.NewIterator(nil, nil)
		defer it.Release()
		for it.Next() {
			channel, rest, ok := splitChannel(it.Key())
			if !ok || len(rest) < 2 || rest[0] != 't' {
				continue
			}
			length, after, ok := orderPreservingUint(rest[1:])
			if !ok || uint64(len(after)) < length {
				continue
			}
			committed[channel+"\x00"+string(after[:length])] = true
		}
		return it.Error()
	})
	return committed, err
}

// dropCommittedTransient deletes from a transient store the private write sets of committed
// transactions and their two purge index entries, as a member peer's commit does
// (core/transientstore: 'P' 0x00 <txid> 0x00 <uuid> 0x00 <height>, 'T' 0x00 <txid> 0x00 ...,
// 'H' 0x00 <height> 0x00 <txid> 0x00 <uuid>).
func dropCommittedTransient(db *leveldb.DB, committed map[string]bool, r *report) error {
	batch := new(leveldb.Batch)
	dropped := 0
	it := db.NewIterator(nil, nil)
	for it.Next() {
		key := it.Key()
		channel, rest, ok := splitChannel(key)
		if !ok {
			continue
		}
		txid, isWriteSet, ok := transientTxID(rest)
		if !ok || !committed[channel+"\x00"+txid] {
			continue
		}
		batch.Delete(append([]byte(nil), key...))
		if isWriteSet {
			dropped++
		}
	}
	it.Release()
	if err := it.Error(); err != nil {
		return fmt.Errorf("reading keys failed: %w", err)
	}
	if err := db.Write(batch, &opt.WriteOptions{Sync: true}); err != nil {
		return fmt.Errorf("deleting committed write sets failed: %w", err)
	}
	r.TransientDropped = &dropped
	return nil
}

// transientTxID is the transaction id in a transient store key (without its channel), and whether
// the key is a private write set rather than an index entry.
func transientTxID(key []byte) (string, bool, bool) {
	if len(key) < 2 || key[1] != 0 {
		return "", false, false
	}
	body := key[2:]
	switch key[0] {
	case 'P', 'T':
		txid, _, found := bytes.Cut(body, []byte{0})
		return string(txid), key[0] == 'P', found
	case 'H':
		_, after, ok := orderPreservingUint(body)
		if !ok || len(after) == 0 || after[0] != 0 {
			return "", false, false
		}
		txid, _, found := bytes.Cut(after[1:], []byte{0})
		return string(txid), false, found
	}
	return "", false, false
}

// splitChannel splits a Fabric LevelDB key into its channel (the database name that
// leveldbhelper puts before a 0x00) and the rest.
func splitChannel(key []byte) (string, []byte, bool) {
	channel, rest, found := bytes.Cut(key, []byte{0})
	return string(channel), rest, found
}

// orderPreservingUint decodes Fabric's order-preserving unsigned number (common/ledger/util:
// one byte n, then n big-endian bytes) and returns it with the bytes after it.
func orderPreservingUint(b []byte) (uint64, []byte, bool) {
	if len(b) == 0 || int(b[0]) > 8 || len(b) < 1+int(b[0]) {
		return 0, nil, false
	}
	var value uint64
	for _, digit := range b[1 : 1+int(b[0])] {
		value = value<<8 | uint64(digit)
	}
	return value, b[1+int(b[0]):], true
}
