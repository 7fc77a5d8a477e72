//go:build tools

// Package tools pins the Fabric CA server and client commands so that `go build` can build them
// from the Go module proxy at exactly the version in go.mod (`go install pkg@v1.5.21` cannot).
package tools

import (
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-client"
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-server"
)
