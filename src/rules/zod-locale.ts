/**
 * zod/mini ships without a locale: every generic issue would read "Invalid
 * input". This installs zod's English messages (the ones classic zod uses by
 * default), e.g. "Too small: expected string to have >=1 characters". Every
 * module that builds a schema imports it, so whichever is loaded first (Worker,
 * CLI or a test), every schema reports them. Hand-written messages are set per
 * check in the schemas and do not depend on it.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
