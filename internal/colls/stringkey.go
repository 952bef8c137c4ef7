package colls

import (
	"fmt"
	"strings"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
)

// StringKey is collections.StringKey with a correct non-terminal encoding,
// for a string that is not the last part of a key (Pair[string, K], ...).
//
// cosmossdk.io/collections v1.3.1 encodes a non-terminal string with
// `for i := range key { buffer[i] = key[i] }`: ranging over a string visits
// the first byte of each rune only, so every UTF-8 continuation byte is
// left as 0x00. "ＨＩＯＯ" is stored as ef 00 00 ef 00 00 ..., which no
// longer decodes (iterating the collection fails) and collides with every
// other string whose runes start with the same bytes ("é" and "Ã" are both
// c3 00). ASCII strings encode the same either way, so switching a
// collection to this codec leaves its existing ASCII keys unchanged.
var StringKey collcodec.KeyCodec[string] = stringKey{KeyCodec: collections.StringKey}

type stringKey struct {
	collcodec.KeyCodec[string]
}

// EncodeNonTerminal writes all bytes of key and the delimiter; a key that
// holds the delimiter is refused, as collections does.
func (stringKey) EncodeNonTerminal(buffer []byte, key string) (int, error) {
	if strings.IndexByte(key, collcodec.StringDelimiter) >= 0 {
		return 0, fmt.Errorf("%w: string is not allowed to have the string delimiter (0x00) in non terminal encodings of strings", collcodec.ErrEncoding)
	}
	n := copy(buffer, key)
	buffer[n] = collcodec.StringDelimiter
	return n + 1, nil
}

// WithName keeps the fixed encoding when the codec is named.
func (s stringKey) WithName(name string) collcodec.KeyCodec[string] {
	return collcodec.NamedKeyCodec[string]{KeyCodec: s, Name: name}
}
