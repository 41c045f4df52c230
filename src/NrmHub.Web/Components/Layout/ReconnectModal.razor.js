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

// Set while the connection is down and the circuit may still be the same one.
let down = false;

// A key pressed or a box ticked in the moment before the connection broke may never have reached the server, yet the
// page shows it. Once the same circuit is back, what the page shows is sent again, so what is finally saved is what
// the user sees. (After a resume the page is rendered afresh from the server's state, so it shows what was kept.)
function resendShownValues() {
    const main = document.querySelector("main");
    if (!main) {
        return;
    }

    for (const field of main.querySelectorAll("input, textarea")) {
        if (field.readOnly || field.disabled || ["hidden", "file", "password", "submit", "button"].includes(field.type)) {
            continue;
        }

        if (field.type === "checkbox" || field.type === "radio") {
            // MudBlazor's check boxes toggle on change rather than read the box, so they are left alone.
            if (field.classList.contains("mud-checkbox-input") || (field.type === "radio" && !field.checked)) {
                continue;
            }
        } else {
            field.dispatchEvent(new Event("input", { bubbles: true }));
        }

        field.dispatchEvent(new Event("change", { bubbles: true }));
    }
}

function onStateChanged(event) {
    const state = event.detail.state;
    modal.dataset.state = state;
    if (state === "show") {
        down = true;
        setDown(true);
        if (!modal.open) {
            modal.showModal();
        }
    } else if (state === "hide") {
        setDown(false);
        modal.close();
        if (down) {
            down = false;
            setTimeout(resendShownValues, 0);
        }
    } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    } else if (state === "rejected" || state === "paused") {
        down = false;
    }

    if (state === "rejected") {
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
