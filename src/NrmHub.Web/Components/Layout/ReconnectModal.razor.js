// Follows the state blazor.web.js reports for the circuit. While it is down the page is inert (a modal dialog makes
// everything outside it so), and <main> is marked inert too, so nothing typed can be lost to a dead circuit.
const modal = document.getElementById("components-reconnect-modal");
modal.addEventListener("components-reconnect-state-changed", onStateChanged);
modal.addEventListener("cancel", e => e.preventDefault());
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

function setDown(down) {
    const main = document.querySelector("main");
    if (main) {
        main.inert = down;
    }
}

function onStateChanged(event) {
    const state = event.detail.state;
    modal.dataset.state = state;
    if (state === "show") {
        setDown(true);
        if (!modal.open) {
            modal.showModal();
        }
    } else if (state === "hide") {
        setDown(false);
        modal.close();
    } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    } else if (state === "rejected") {
        // The server no longer knows this circuit: a fresh page is the only way back.
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        const reconnected = await Blazor.reconnect();
        if (!reconnected) {
            const resumed = await Blazor.resumeCircuit();
            if (!resumed) {
                location.reload();
            }
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            location.reload();
        }
    } catch {
        location.reload();
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
