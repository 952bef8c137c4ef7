package grpcerr_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
)

var errTest = errorsmod.Register("grpcerr_test", 4, "invalid address")

func TestInvalidArgument(t *testing.T) {
	if grpcerr.InvalidArgument(nil) != nil {
		t.Fatal("InvalidArgument(nil) is not nil")
	}
	// A registered sentinel alone reaches the client as Unknown (HTTP 500).
	plain := errorsmod.Wrapf(errTest, "owner %q", "nope")
	if got := status.Code(plain); got != codes.Unknown {
		t.Fatalf("a plain module error has code %s; the premise of the package changed", got)
	}
	err := grpcerr.InvalidArgument(plain)
	if got := status.Code(err); got != codes.InvalidArgument {
		t.Fatalf("code %s, want InvalidArgument", got)
	}
	if !errors.Is(err, errTest) {
		t.Fatal("the module sentinel is no longer reachable with errors.Is")
	}
	msg := status.Convert(err).Message()
	if !strings.Contains(msg, "codespace grpcerr_test code 4") || !strings.Contains(msg, `owner "nope"`) {
		t.Fatalf("message %q lacks the codespace, the code or the context", msg)
	}
	// Wrapped again (e.g. by a caller), the code survives.
	if got := status.Code(fmt.Errorf("query: %w", err)); got != codes.InvalidArgument {
		t.Fatalf("wrapped: code %s", got)
	}
	// An error without a codespace keeps its own message.
	if msg := status.Convert(grpcerr.InvalidArgument(errors.New("bad"))).Message(); msg != "bad" {
		t.Fatalf("message %q, want bad", msg)
	}
}

func TestEnum(t *testing.T) {
	names := map[int32]string{0: "COLOR_UNSPECIFIED", 1: "COLOR_RED", 2: "COLOR_BLUE"}
	for _, v := range []int32{0, 1, 2} {
		if err := grpcerr.Enum("color", v, names); err != nil {
			t.Fatalf("%d: %v", v, err)
		}
	}
	for _, v := range []int32{3, 99, -1, 1 << 30} {
		err := grpcerr.Enum("color", v, names)
		if status.Code(err) != codes.InvalidArgument {
			t.Fatalf("%d: %v, want InvalidArgument", v, err)
		}
		want := fmt.Sprintf("color %d is not a known value; known: 0 (COLOR_UNSPECIFIED), 1 (COLOR_RED), 2 (COLOR_BLUE)", v)
		if msg := status.Convert(err).Message(); msg != want {
			t.Fatalf("message %q, want %q", msg, want)
		}
	}
}

func TestIdent(t *testing.T) {
	for _, s := range []string{"H100", "compute/42", "Ünïcode model"} {
		if err := grpcerr.Ident("model", s); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "H100\x00", "\x00", " H100", "a\nb", "\xff", strings.Repeat("a", 257)} {
		err := grpcerr.Ident("model", s)
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "model") {
			t.Fatalf("%q: %v, want InvalidArgument naming the field", s, err)
		}
	}
	if err := grpcerr.IdentFilter("model", ""); err != nil {
		t.Fatalf("an empty filter: %v", err)
	}
	if err := grpcerr.IdentFilter("model", "H100\x00"); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("a NUL filter: %v", err)
	}
}

func TestPage(t *testing.T) {
	for _, p := range []*query.PageRequest{nil, {}, {Offset: 3}, {Key: []byte{1}}, {Limit: 10, CountTotal: true}} {
		if err := grpcerr.Page(p); err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
	}
	if err := grpcerr.Page(&query.PageRequest{Offset: 1, Key: []byte{1}}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("offset and key: %v", err)
	}
}

func TestInternal(t *testing.T) {
	err := grpcerr.Internal("agent 7", errors.New("bad bech32"))
	if status.Code(err) != codes.Internal || !strings.Contains(err.Error(), "agent 7: bad bech32") {
		t.Fatalf("%v", err)
	}
}
