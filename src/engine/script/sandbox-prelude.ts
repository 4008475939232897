/**
 * JavaScript that runs inside each fresh QuickJS context before the script. Evaluated, it
 * yields `install(hostCall)`, which sets up the globals a Flowable script expects
 * (`execution`, process variables by name, `console`, `BpmnError`) and returns
 * `control(op, value)`: `'finish'` writes back auto-stored variables and encodes the
 * completion value, `'describe'` turns a thrown value into JSON the host can classify.
 *
 * `hostCall(op, name, json)` is the only way out of the sandbox: it passes strings, and
 * the closure keeps it off the global object so the script cannot call it directly.
 * Builtins are captured first, so a script that replaces `JSON` breaks only itself.
 *
 * Variables become lazy globals: an accessor fetches the value at first use and then
 * turns into a plain data property, so unused variables cost nothing and a script
 * mutating `order.items` keeps working on one object.
 */
import { DATE_TAG } from './marshal.ts';

export const PRELUDE_FILE_NAME = 'weir:prelude';

export const SANDBOX_PRELUDE = `(function install(hostCall) {
  'use strict';
  var DATE_TAG = ${JSON.stringify(DATE_TAG)};
  var G = globalThis;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var isArray = Array.isArray;
  var getPrototypeOf = Object.getPrototypeOf;
  var defineProperty = Object.defineProperty;
  var getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  var objectPrototype = Object.prototype;
  var NativeDate = Date;
  var NativeError = Error;
  var NativeTypeError = TypeError;

  function reviveDates(key, value) {
    if (value === null || typeof value !== 'object' || isArray(value)) return value;
    var keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== DATE_TAG || typeof value[DATE_TAG] !== 'string') return value;
    return new NativeDate(value[DATE_TAG]);
  }

  function decode(json) {
    return json === undefined ? null : parse(json, reviveDates);
  }

  function refuse(what, key, problem) {
    throw new NativeTypeError(what + (key === '' ? '' : " (property '" + key + "')") + ' ' + problem);
  }

  function kindOf(object) {
    var constructor = object.constructor;
    return typeof constructor === 'function' && constructor.name ? constructor.name : 'non-plain object';
  }

  // Strict for values that become process variables: it refuses what a variable cannot hold
  // rather than letting JSON drop or mangle it. Lenient (JSON's own rules) otherwise.
  function encode(value, what, strict) {
    return stringify(value, function (key, converted) {
      var raw = this[key];
      if (raw instanceof NativeDate) {
        if (raw.getTime() !== raw.getTime()) refuse(what, key, 'cannot hold an invalid Date');
        var tagged = {};
        tagged[DATE_TAG] = raw.toISOString();
        return tagged;
      }
      if (!strict) return converted;
      var type = typeof raw;
      if (type === 'function' || type === 'symbol' || type === 'bigint') refuse(what, key, 'cannot hold a ' + type);
      if (type === 'undefined' && key === '') refuse(what, key, 'cannot be undefined (use null)');
      if (type === 'number' && (raw !== raw || raw === Infinity || raw === -Infinity)) refuse(what, key, 'cannot hold ' + raw);
      if (type === 'object' && raw !== null && !isArray(raw)) {
        var prototype = getPrototypeOf(raw);
        if (prototype !== objectPrototype && prototype !== null) refuse(what, key, 'cannot hold a ' + kindOf(raw));
      }
      return converted;
    });
  }

  var init = parse(hostCall('init'));
  var ids = init.ids;
  var autoStore = init.autoStore === true;
  var variableGlobals = Object.create(null);
  var baselines = Object.create(null);
  var materialised = [];

  // Replaces the lazy accessor by the value; with autoStore, remembers the value as the
  // variable holds it, so finish() writes back only what the script changed.
  function materialise(name, value, baseline) {
    defineProperty(G, name, { value: value, writable: true, enumerable: true, configurable: true });
    if (!autoStore) return;
    if (!(name in baselines)) materialised.push(name);
    baselines[name] = baseline;
  }

  function storedBaseline(name) {
    return autoStore ? encode(decode(hostCall('get', name)), '', false) : undefined;
  }

  function installVariableGlobal(name) {
    variableGlobals[name] = true;
    defineProperty(G, name, {
      get: function () {
        var value = decode(hostCall('get', name));
        materialise(name, value, autoStore ? encode(value, '', false) : undefined);
        return value;
      },
      set: function (value) {
        materialise(name, value, storedBaseline(name));
      },
      enumerable: true,
      configurable: true,
    });
  }

  function checkName(method, name) {
    if (typeof name !== 'string' || name === '') {
      throw new NativeTypeError('execution.' + method + ': the variable name must be a non-empty string');
    }
  }

  G.execution = Object.freeze({
    getVariable: function (name) {
      checkName('getVariable', name);
      return decode(hostCall('get', name));
    },
    getVariables: function () {
      return decode(hostCall('all'));
    },
    hasVariable: function (name) {
      checkName('hasVariable', name);
      return hostCall('has', name) === 'true';
    },
    setVariable: function (name, value) {
      checkName('setVariable', name);
      var json = encode(value, "execution.setVariable('" + name + "'): the value", true);
      hostCall('set', name, json);
      if (variableGlobals[name] === true) materialise(name, value, json);
    },
    getProcessInstanceId: function () { return ids.processInstanceId; },
    getId: function () { return ids.executionId; },
    getProcessDefinitionId: function () { return ids.processDefinitionId; },
    getCurrentActivityId: function () { return ids.activityId; },
    getProcessBusinessKey: function () { return ids.businessKey; },
  });

  function show(value) {
    if (typeof value === 'string') return value;
    if (value instanceof NativeError) return String(value);
    try {
      var json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (notJson) {
      return String(value);
    }
  }

  function log() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(show(arguments[i]));
    hostCall('log', parts.join(' '));
  }

  G.console = Object.freeze({ log: log, info: log, warn: log, error: log, debug: log });

  class BpmnError extends NativeError {
    constructor(errorCode, message) {
      if (typeof errorCode !== 'string' || errorCode === '') {
        throw new NativeTypeError('BpmnError: the error code must be a non-empty string');
      }
      super(message === undefined ? "BPMN error '" + errorCode + "'" : String(message));
      this.name = 'BpmnError';
      this.errorCode = errorCode;
    }
  }
  G.BpmnError = BpmnError;

  // After execution, console and BpmnError, so a variable never hides them or a builtin.
  for (var i = 0; i < init.names.length; i++) {
    if (!(init.names[i] in G)) installVariableGlobal(init.names[i]);
  }

  // Encodes everything before writing anything, so a failure leaves no half-stored set.
  function finish(completionValue) {
    var writes = [];
    for (var i = 0; i < materialised.length; i++) {
      var name = materialised[i];
      var property = getOwnPropertyDescriptor(G, name);
      if (property === undefined || !('value' in property)) continue;
      var json = encode(property.value, "variable '" + name + "'", true);
      if (json !== baselines[name]) writes.push([name, json]);
    }
    var result;
    try {
      result = encode(completionValue, '', false);
    } catch (notJson) {
      result = undefined;
    }
    for (var w = 0; w < writes.length; w++) hostCall('set', writes[w][0], writes[w][1]);
    return result;
  }

  function describe(thrown) {
    if (thrown instanceof BpmnError) {
      return stringify({ bpmnErrorCode: thrown.errorCode, message: String(thrown.message) });
    }
    if (thrown instanceof NativeError) {
      return stringify({
        name: String(thrown.name),
        message: String(thrown.message),
        stack: typeof thrown.stack === 'string' ? thrown.stack : '',
        fileName: typeof thrown.fileName === 'string' ? thrown.fileName : null,
        lineNumber: typeof thrown.lineNumber === 'number' ? thrown.lineNumber : null,
      });
    }
    var text;
    try {
      text = typeof thrown === 'object' && thrown !== null ? stringify(thrown) : String(thrown);
    } catch (notJson) {
      text = objectPrototype.toString.call(thrown);
    }
    return stringify({ thrown: text === undefined ? String(thrown) : text });
  }

  return function control(op, value) {
    return op === 'finish' ? finish(value) : describe(value);
  };
})`;
