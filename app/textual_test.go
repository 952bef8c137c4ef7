package app_test

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"

	bankv1beta1 "cosmossdk.io/api/cosmos/bank/v1beta1"
	signingv1beta1 "cosmossdk.io/api/cosmos/tx/signing/v1beta1"
	"cosmossdk.io/math"
	"cosmossdk.io/x/tx/signing/textual"
	cosmos_proto "github.com/cosmos/cosmos-proto"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil"
)

// ourMsgs lists the request types of every aitbc.*.v1.Msg service method,
// read from the proto files, so a new message is covered without editing
// this test.
func ourMsgs(t *testing.T, files interface {
	RangeFiles(func(protoreflect.FileDescriptor) bool)
},
) []protoreflect.MessageDescriptor {
	t.Helper()
	var out []protoreflect.MessageDescriptor
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "aitbc.") {
			return true
		}
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			if sd.Name() != "Msg" {
				continue
			}
			for j := 0; j < sd.Methods().Len(); j++ {
				out = append(out, sd.Methods().Get(j).Input())
			}
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].FullName() < out[j].FullName() })
	return out
}

// filler sets every field of a message to a valid, non-default value, so
// that textual renders each field of each message.
type filler struct {
	t       *testing.T
	acc     string
	valoper string
	any     *anypb.Any // what google.protobuf.Any fields carry
	item    int        // the index of the list item being filled
}

var coinDenoms = []string{app.BondDenom, "uother"}

func (f filler) message(md protoreflect.MessageDescriptor, depth int) *dynamicpb.Message {
	m := dynamicpb.NewMessage(md)
	switch md.FullName() {
	case "google.protobuf.Timestamp":
		m.Set(md.Fields().ByName("seconds"), protoreflect.ValueOfInt64(testutil.GenesisTime.Unix()))
		return m
	case "google.protobuf.Duration":
		m.Set(md.Fields().ByName("seconds"), protoreflect.ValueOfInt64(3600))
		return m
	case "google.protobuf.Any":
		m.Set(md.Fields().ByName("type_url"), protoreflect.ValueOfString(f.any.TypeUrl))
		m.Set(md.Fields().ByName("value"), protoreflect.ValueOfBytes(f.any.Value))
		return m
	case "cosmos.base.v1beta1.Coin":
		// Coins lists are sorted with distinct denoms: item i of a list
		// gets denoms[i].
		m.Set(md.Fields().ByName("denom"), protoreflect.ValueOfString(coinDenoms[f.item]))
		m.Set(md.Fields().ByName("amount"), protoreflect.ValueOfString("1500000"))
		return m
	}
	if depth > 3 {
		return m
	}
	oneofSet := map[protoreflect.FullName]bool{}
	for i := 0; i < md.Fields().Len(); i++ {
		fd := md.Fields().Get(i)
		require.False(f.t, fd.IsMap(), "%s: textual cannot render map fields", fd.FullName())
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			if oneofSet[o.FullName()] {
				continue
			}
			oneofSet[o.FullName()] = true
		}
		if fd.IsList() {
			l := m.Mutable(fd).List()
			for i := range 2 {
				item := f
				item.item = i
				l.Append(item.value(fd, depth))
			}
			continue
		}
		m.Set(fd, f.value(fd, depth))
	}
	return m
}

func (f filler) value(fd protoreflect.FieldDescriptor, depth int) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		inner := f
		if !fd.IsList() || fd.Message().FullName() != "cosmos.base.v1beta1.Coin" {
			inner.item = 0
		}
		return protoreflect.ValueOfMessage(inner.message(fd.Message(), depth+1))
	case protoreflect.StringKind:
		switch scalar, _ := proto.GetExtension(fd.Options(), cosmos_proto.E_Scalar).(string); scalar {
		case "cosmos.AddressString":
			return protoreflect.ValueOfString(f.acc)
		case "cosmos.ValidatorAddressString":
			return protoreflect.ValueOfString(f.valoper)
		case "cosmos.Int":
			return protoreflect.ValueOfString("1500000")
		case "cosmos.Dec":
			// A LegacyDec's proto form: the value times 10^18 (0.5).
			return protoreflect.ValueOfString("500000000000000000")
		case "":
			return protoreflect.ValueOfString("text of " + string(fd.Name()))
		default:
			f.t.Fatalf("%s: scalar %q has no value renderer in this test; check textual renders it", fd.FullName(), scalar)
		}
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes(bytes.Repeat([]byte{0xab}, 32))
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		return protoreflect.ValueOfEnum(vals.Get(vals.Len() - 1).Number())
	case protoreflect.Int32Kind:
		return protoreflect.ValueOfInt32(7)
	case protoreflect.Int64Kind:
		return protoreflect.ValueOfInt64(7)
	case protoreflect.Uint32Kind:
		return protoreflect.ValueOfUint32(7)
	case protoreflect.Uint64Kind:
		return protoreflect.ValueOfUint64(7)
	}
	f.t.Fatalf("%s: field kind %s is not rendered by SIGN_MODE_TEXTUAL", fd.FullName(), fd.Kind())
	return protoreflect.Value{}
}

// TestTextualRendersEveryMsg renders each of our messages, with every
// field set, to SIGN_MODE_TEXTUAL screens and parses the screens back to
// the same message, then signs a transaction carrying it with the node's
// own sign mode handler: what a Ledger shows for any aitbc transaction.
func TestTextualRendersEveryMsg(t *testing.T) {
	ta := testutil.NewTestApp(t)
	ctx := ta.Context(testutil.GenesisTime)
	reg := ta.InterfaceRegistry()
	// Fully resolved descriptors of every registered proto file (gogo and
	// protov2), as the node's textual handler resolves them.
	files, err := gogoproto.MergedRegistry()
	require.NoError(t, err)

	key := secp256k1.GenPrivKey()
	acc := sdk.AccAddress(key.PubKey().Address()).String()
	valoper := sdk.ValAddress(key.PubKey().Address()).String()

	types := dynamicpb.NewTypes(files)
	handler, err := textual.NewSignModeHandler(textual.SignModeOptions{
		// Without metadata, so that coins render in their base denom: textual
		// parses "1.5 AITBC" back as denom AITBC, not uaitbc (the display
		// unit is checked on the node's sign bytes below).
		CoinMetadataQuerier: func(context.Context, string) (*bankv1beta1.Metadata, error) { return nil, nil },
		FileResolver:        files,
		TypeResolver:        types, // ours have no protov2 types: dynamicpb, as on the node
	})
	require.NoError(t, err)

	registerDynamicTypes(t, files)
	msgs := ourMsgs(t, files)
	require.GreaterOrEqual(t, len(msgs), 40, "the proto files of our Msg services were not found")

	// Any fields (proposal and exec messages) carry a MsgLock.
	lockDesc, err := files.FindDescriptorByName("aitbc.dao.v1.MsgLock")
	require.NoError(t, err)
	base := filler{t: t, acc: acc, valoper: valoper}
	inner := base.message(lockDesc.(protoreflect.MessageDescriptor), 1)
	innerAny, err := anypb.New(inner)
	require.NoError(t, err)
	innerAny.TypeUrl = "/" + string(lockDesc.FullName())
	fill := filler{t: t, acc: acc, valoper: valoper, any: innerAny}

	for _, md := range msgs {
		t.Run(string(md.Name())+"/"+string(md.ParentFile().Package()), func(t *testing.T) {
			fill.t = t
			msg := fill.message(md, 0)

			// Screens and back, for the message and for it inside an Any
			// (as a transaction body carries it).
			vr, err := handler.GetMessageValueRenderer(md)
			require.NoError(t, err)
			screens, err := vr.Format(ctx, protoreflect.ValueOfMessage(msg))
			require.NoError(t, err)
			require.NotEmpty(t, screens)
			back, err := vr.Parse(ctx, screens)
			require.NoError(t, err)
			require.Equal(t, canonical(t, types, msg), canonical(t, types, back.Message()), "parsed screens differ from the message:\n%v", screens)

			asAny, err := anypb.New(msg)
			require.NoError(t, err)
			asAny.TypeUrl = "/" + string(md.FullName())
			anyVR, err := handler.GetMessageValueRenderer(asAny.ProtoReflect().Descriptor())
			require.NoError(t, err)
			anyScreens, err := anyVR.Format(ctx, protoreflect.ValueOfMessage(asAny.ProtoReflect()))
			require.NoError(t, err)
			anyBack, err := anyVR.Parse(ctx, anyScreens)
			require.NoError(t, err)
			require.Equal(t, canonical(t, types, asAny.ProtoReflect()), canonical(t, types, anyBack.Message()), "parsed Any screens differ")

			// The node's tx config signs a transaction of it in textual.
			bz, err := proto.Marshal(msg)
			require.NoError(t, err)
			gogoMsg, err := reg.Resolve("/" + string(md.FullName()))
			require.NoError(t, err)
			require.NoError(t, gogoproto.Unmarshal(bz, gogoMsg))
			signBytes := textualSignBytes(t, ctx, ta, key, gogoMsg.(sdk.Msg))
			// The fee is shown in AITBC, from the genesis denom metadata.
			require.True(t, bytes.Contains(signBytes, []byte("Fees\x02l0.0005 AITBC")), "the fee is not shown in AITBC: %q", signBytes)
		})
	}
}

// registerDynamicTypes registers dynamicpb types of our messages in
// protoregistry.GlobalTypes: textual's message Parse (not used by the node,
// which only formats) looks types up there, and ours have only gogoproto
// types. The SDK resolves unregistered types to the same dynamicpb types,
// so this changes nothing for the other tests.
func registerDynamicTypes(t *testing.T, files *protoregistry.Files) {
	t.Helper()
	var register func(protoreflect.MessageDescriptors)
	register = func(mds protoreflect.MessageDescriptors) {
		for i := 0; i < mds.Len(); i++ {
			md := mds.Get(i)
			if md.IsMapEntry() {
				continue
			}
			if _, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName()); err != nil {
				require.NoError(t, protoregistry.GlobalTypes.RegisterMessage(dynamicpb.NewMessageType(md)))
			}
			register(md.Messages())
		}
	}
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if strings.HasPrefix(string(fd.Package()), "aitbc.") {
			register(fd.Messages())
		}
		return true
	})
}

// canonical prints a message for comparison: Anys unpacked, and every
// cosmos.Dec in one form (a LegacyDec is encoded as its value times 10^18,
// which textual shows as a decimal and parses back as one).
func canonical(t *testing.T, types *dynamicpb.Types, m protoreflect.Message) string {
	t.Helper()
	bz, err := proto.Marshal(m.Interface())
	require.NoError(t, err)
	c := dynamicpb.NewMessage(m.Descriptor())
	require.NoError(t, proto.UnmarshalOptions{Resolver: types}.Unmarshal(bz, c))
	canonicalDecs(t, types, c)
	return prototext.MarshalOptions{Resolver: types, Multiline: true}.Format(c)
}

func canonicalDecs(t *testing.T, types *dynamicpb.Types, m protoreflect.Message) {
	if m.Descriptor().FullName() == "google.protobuf.Any" {
		url := m.Get(m.Descriptor().Fields().ByName("type_url")).String()
		mt, err := types.FindMessageByURL(url)
		require.NoError(t, err)
		inner := mt.New()
		require.NoError(t, proto.Unmarshal(m.Get(m.Descriptor().Fields().ByName("value")).Bytes(), inner.Interface()))
		canonicalDecs(t, types, inner)
		bz, err := proto.MarshalOptions{Deterministic: true}.Marshal(inner.Interface())
		require.NoError(t, err)
		m.Set(m.Descriptor().Fields().ByName("value"), protoreflect.ValueOfBytes(bz))
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Kind() == protoreflect.MessageKind && fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				canonicalDecs(t, types, v.List().Get(i).Message())
			}
		case fd.Kind() == protoreflect.MessageKind:
			canonicalDecs(t, types, v.Message())
		case fd.Kind() == protoreflect.StringKind && proto.GetExtension(fd.Options(), cosmos_proto.E_Scalar) == "cosmos.Dec":
			require.False(t, fd.IsList(), "%s: a repeated cosmos.Dec; extend canonicalDecs", fd.FullName())
			m.Set(fd, protoreflect.ValueOfString(canonicalDec(t, v.String())))
		}
		return true
	})
}

func canonicalDec(t *testing.T, s string) string {
	if strings.Contains(s, ".") {
		d, err := math.LegacyNewDecFromStr(s)
		require.NoError(t, err)
		return d.String()
	}
	i, ok := math.NewIntFromString(s)
	require.True(t, ok, "cosmos.Dec %q", s)
	return math.LegacyNewDecFromBigIntWithPrec(i.BigInt(), math.LegacyPrecision).String()
}

// textualSignBytes builds a transaction of msg with a 500uaitbc fee and
// returns its SIGN_MODE_TEXTUAL sign bytes from the node's tx config.
func textualSignBytes(t *testing.T, ctx context.Context, ta *testutil.TestApp, key *secp256k1.PrivKey, msg sdk.Msg) []byte {
	t.Helper()
	txCfg := ta.TxConfig()
	b := txCfg.NewTxBuilder()
	require.NoError(t, b.SetMsgs(msg))
	b.SetFeeAmount(sdk.NewCoins(sdk.NewCoin(app.BondDenom, math.NewInt(500))))
	b.SetGasLimit(200_000)
	require.NoError(t, b.SetSignatures(signingtypes.SignatureV2{
		PubKey: key.PubKey(),
		Data:   &signingtypes.SingleSignatureData{SignMode: signingtypes.SignMode_SIGN_MODE_TEXTUAL},
	}))
	signerData := authsigning.SignerData{
		Address: sdk.AccAddress(key.PubKey().Address()).String(), ChainID: testutil.ChainID,
		AccountNumber: 3, Sequence: 1, PubKey: key.PubKey(),
	}
	bz, err := authsigning.GetSignBytesAdapter(ctx, txCfg.SignModeHandler(), signingtypes.SignMode_SIGN_MODE_TEXTUAL, signerData, b.GetTx())
	require.NoError(t, err)
	return bz
}

// TestNodeVerifiesTextual checks that the node's tx config enables
// SIGN_MODE_TEXTUAL (the issue: the CLI offered it, the node refused it)
// and that an offline client's does not (it has no coin metadata).
func TestNodeVerifiesTextual(t *testing.T) {
	ta := testutil.NewTestApp(t)
	require.Contains(t, ta.TxConfig().SignModeHandler().SupportedModes(), signingv1beta1.SignMode_SIGN_MODE_TEXTUAL)
	require.NotContains(t, ta.ClientTxConfig().SignModeHandler().SupportedModes(), signingv1beta1.SignMode_SIGN_MODE_TEXTUAL)
}
