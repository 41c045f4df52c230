// The circuit's connection goes straight to a WebSocket: the negotiate request it would otherwise make first costs a
// full round trip (300 ms on a regional link) on every page load, and NrmHub needs WebSockets anyway.
Blazor.start({
    circuit: {
        configureSignalR: builder => builder.withUrl("_blazor", { skipNegotiation: true, transport: 1 }),
    },
});
