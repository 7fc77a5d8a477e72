// Command leveldb-compact compacts the LevelDB databases of a stopped Fabric peer over their whole
// key range, so that the versions of values that a later write or a delete replaced (private data
// that Fabric purged above all) leave the files: LevelDB only marks them replaced, and drops them
// when a compaction merges them with the newer version.
//
// Usage: leveldb-compact [-version] <database folder>...
//
// For each folder it prints one JSON line: files and bytes before and after, the time taken, and
// for Fabric's private data store and transient store how many entries are still live (see
// liveFabricEntries). A database that is missing, not LevelDB, or held by a running peer (its
// LOCK) is an error: the command stops with exit code 1 and one line on stderr.
package main

import (
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
const toolVersion = "leveldb-compact 1 goleveldb v1.0.1-0.20210305035536-64b5b1c73954"

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
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(toolVersion)
		return
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: leveldb-compact [-version] <database folder>...")
		os.Exit(2)
	}
	out := json.NewEncoder(os.Stdout)
	for _, dir := range flag.Args() {
		r, err := compact(dir)
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

// compact compacts one database and reports on it.
func compact(dir string) (report, error) {
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); err != nil {
		return report{}, errors.New("not a LevelDB database (no CURRENT file)")
	}
	r := report{Path: dir}
	var err error
	if r.FilesBefore, r.BytesBefore, err = usage(dir); err != nil {
		return r, err
	}
	started := time.Now()
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
