// The circuit's connection goes straight to a WebSocket: the negotiate request it would otherwise make first costs a
// full round trip (300 ms on a regional link) on every page load, and NrmHub needs WebSockets anyway.
// The initializers are given here for the same reason: blazor.web.js would otherwise ask `_blazor/initializers` on every
// load, uncached, before opening the socket. The app has none; a test fails if a package ever brings one.
Blazor.start({
    circuit: {
        initializers: { beforeStart: [], afterStarted: [] },
        configureSignalR: builder => builder.withUrl("_blazor", { skipNegotiation: true, transport: 1 }),
    },
});
