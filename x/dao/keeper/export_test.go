package keeper

// BoundResult exposes boundResult to the external tests.
var BoundResult = boundResult
