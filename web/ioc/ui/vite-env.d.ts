// CSS imports and other asset modules that Vite resolves.
/// <reference types="vite/client" />
