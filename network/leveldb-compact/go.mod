module github.com/asylum-ledger/network/leveldb-compact

go 1.22

// the goleveldb commit Fabric 2.5.16 vendors (its go.mod), so the files it writes are the peer's own format
require github.com/syndtr/goleveldb v1.0.1-0.20210305035536-64b5b1c73954

require github.com/golang/snappy v0.0.4 // indirect
