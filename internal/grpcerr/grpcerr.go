// Package grpcerr gives query servers one way to say "the request is wrong":
// gRPC InvalidArgument, which the REST gateway answers with HTTP 400.
//
// A module sentinel registered with errorsmod.Register carries gRPC code
// Unknown, which the gateway answers with HTTP 500: a client cannot tell a
// typo in an address from a broken node. Queries therefore pass every error
// caused by a user-supplied value (address, time, enum, identifier,
// pagination) through InvalidArgument, and keep NotFound for an unknown id.
// The wrapped error stays reachable with errors.Is, so keeper tests can
// still assert the module sentinel.
package grpcerr

import (
	"fmt"
	"slices"
	"strings"

	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/ident"
)

// coded is an error with an explicit gRPC code. grpc-go (status.FromError)
// and baseapp's ABCI query path both read the code through GRPCStatus.
type coded struct {
	code codes.Code
	err  error
}

func (e *coded) Error() string { return e.err.Error() }
func (e *coded) Unwrap() error { return e.err }

// GRPCStatus names the module error's codespace and code in the message
// when it has them, so a client can still tell which sentinel it hit.
func (e *coded) GRPCStatus() *status.Status {
	if codespace, code, _ := errorsmod.ABCIInfo(e.err, false); codespace != errorsmod.UndefinedCodespace && code > 1 {
		return status.Newf(e.code, "codespace %s code %d: %s", codespace, code, e.err.Error())
	}
	return status.New(e.code, e.err.Error())
}

// InvalidArgument marks err as caused by the request: gRPC InvalidArgument,
// HTTP 400. It returns nil for nil.
func InvalidArgument(err error) error {
	if err == nil {
		return nil
	}
	return &coded{code: codes.InvalidArgument, err: err}
}

// Enum checks that v is a declared value of an enum (names is the generated
// <Enum>_name map). Every module answers an undeclared value the same way:
// InvalidArgument naming the field and the value. grpc-gateway v1 passes
// any int32 of a query parameter through, so this check is the keeper's.
func Enum(field string, v int32, names map[int32]string) error {
	if _, ok := names[v]; ok {
		return nil
	}
	known := make([]int32, 0, len(names))
	for n := range names {
		known = append(known, n)
	}
	slices.Sort(known)
	list := make([]string, len(known))
	for i, n := range known {
		list[i] = fmt.Sprintf("%d (%s)", n, names[n])
	}
	return status.Errorf(codes.InvalidArgument, "%s %d is not a known value; known: %s", field, v, strings.Join(list, ", "))
}

// Ident checks a string that becomes a store key part (a deal ref): it
// must be a valid identifier (see internal/ident). A NUL byte in a key part
// would otherwise fail deep in the key codec with an internal error.
func Ident(field, s string) error {
	if err := ident.Check(field, s, 0); err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	return nil
}

// IdentFilter is Ident for an optional filter (a GPU model, a capability):
// empty passes and means "no filter".
func IdentFilter(field, s string) error {
	if s == "" {
		return nil
	}
	return Ident(field, s)
}

// Page checks what the pagination helpers would refuse with an untyped
// error: an offset and a key together.
func Page(p *query.PageRequest) error {
	if p != nil && p.Offset > 0 && len(p.Key) > 0 {
		return status.Error(codes.InvalidArgument, "pagination: set either offset or key, not both")
	}
	return nil
}

// Internal reports a stored value that cannot be read (e.g. an address that
// no longer decodes): the node's fault, not the caller's.
func Internal(what string, err error) error {
	return status.Error(codes.Internal, fmt.Sprintf("%s: %v", what, err))
}
