/* global document, window, fetch, EventSource, URLSearchParams, setInterval, clearInterval */
// Netreach training page. Plain browser JavaScript, no build step, no dependencies.
// Every piece of message data is drawn with textContent; nothing is ever parsed as HTML.
(function () {
  'use strict';

  var body = document.body;
  var base = body.getAttribute('data-base') || '/training';
  var lang = body.getAttribute('data-lang') || 'en';
  var strings = {};
  var selected = null;
  var seen = new Map();
  var firstLoad = true;
  var loading = false;
  var again = false;
  var pollTimer = null;

  function byTestId(id) {
    return document.querySelector('[data-testid="' + id + '"]');
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function post(path, payload) {
    return fetch(base + '/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload || {}),
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    }).then(function (result) {
      refresh();
      return result;
    }, function (error) {
      setOffline(true);
      throw error;
    });
  }

  function setOffline(offline) {
    byTestId('offline').hidden = !offline;
  }

  function formatTime(unixSeconds) {
    var date = new Date(unixSeconds * 1000);
    return date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  }

  function renderButtons(message, side) {
    var wrap = el('div', 'inline-keyboard');
    message.buttons.forEach(function (row) {
      var rowNode = el('div', 'inline-row');
      row.forEach(function (button) {
        var node = el('button', 'inline-button', button.text);
        node.type = 'button';
        node.setAttribute('data-testid', 'inline-button');
        if (button.data !== undefined) {
          node.setAttribute('data-callback-data', button.data);
          node.addEventListener('click', function () {
            node.disabled = true;
            post('press', { side: side, messageId: message.id, data: button.data }).catch(function () {
              node.disabled = false;
            });
          });
        } else {
          node.disabled = true;
          node.title = strings.linkButton + (button.url ? ': ' + button.url : '');
        }
        rowNode.appendChild(node);
      });
      wrap.appendChild(rowNode);
    });
    return wrap;
  }

  function renderMessage(message, side) {
    if (message.service) {
      var service = el('li', 'msg service', message.service);
      service.setAttribute('data-message-id', String(message.id));
      return service;
    }
    var item = el('li', 'msg ' + (message.fromBot ? 'from-bot' : 'from-human'));
    item.setAttribute('data-message-id', String(message.id));
    item.appendChild(el('div', 'sender', message.sender));
    if (message.replyTo) {
      item.appendChild(el('div', 'reply', strings.replyTo + ': ' + message.replyTo.snippet));
    }
    if (message.media) item.appendChild(el('div', 'media', message.media));
    if (message.text !== undefined) item.appendChild(el('div', 'text', message.text));
    var meta = el('div', 'meta', formatTime(message.date) + (message.edited ? ' · ' + strings.edited : ''));
    item.appendChild(meta);
    if (message.buttons) item.appendChild(renderButtons(message, side));
    return item;
  }

  // The newest message id each list showed, so a new one scrolls into view.
  var newest = new Map();

  function renderMessages(list, messages, side) {
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    var last = messages.length > 0 ? messages[messages.length - 1].id : null;
    var arrived = last !== null && newest.get(side) !== last;
    newest.set(side, last);
    list.replaceChildren();
    if (messages.length === 0) list.appendChild(el('li', 'empty', strings.noMessages));
    messages.forEach(function (message) {
      list.appendChild(renderMessage(message, side));
    });
    // Follow the conversation: on the first load, and when a message arrives unless the
    // reader had scrolled up to read older ones. Again after layout (buttons, fonts).
    if (firstLoad || (arrived && atBottom) || list.getAttribute('data-follow') === 'yes') {
      list.removeAttribute('data-follow');
      list.scrollTop = list.scrollHeight;
      window.requestAnimationFrame(function () {
        list.scrollTop = list.scrollHeight;
      });
    }
  }

  function renderAnswer(testId, text) {
    var node = byTestId(testId);
    node.hidden = !text;
    node.textContent = text ? strings.botAnswer + ' ' + text : '';
  }

  function renderKeyboard(keyboard) {
    var wrap = byTestId('reply-keyboard');
    wrap.replaceChildren();
    wrap.hidden = !keyboard;
    if (!keyboard) return;
    keyboard.forEach(function (row) {
      var rowNode = el('div', 'keyboard-row');
      row.forEach(function (button) {
        var node = el('button', 'keyboard-button', button.text);
        node.type = 'button';
        node.setAttribute('data-testid', 'keyboard-button');
        node.addEventListener('click', function () {
          if (button.requestLocation) post('client/sample', { kind: 'location' });
          else post('client/send', { text: button.text });
        });
        rowNode.appendChild(node);
      });
      wrap.appendChild(rowNode);
    });
  }

  function topicKey(threadId) {
    return threadId === null ? 'general' : String(threadId);
  }

  function renderTopics(staff) {
    var list = byTestId('staff-topics');
    list.replaceChildren();
    staff.topics.forEach(function (topic) {
      var key = topicKey(topic.threadId);
      if (firstLoad || topic.threadId === selected) seen.set(key, topic.lastMessageId);
      var item = el('li', 'topic' + (topic.threadId === selected ? ' selected' : ''));
      item.setAttribute('data-testid', 'staff-topic');
      item.setAttribute('data-thread-id', key);
      var button = el('button', 'topic-button');
      button.type = 'button';
      var dot = el('span', 'topic-icon');
      if (topic.iconColor) dot.style.backgroundColor = topic.iconColor;
      button.appendChild(dot);
      button.appendChild(el('span', 'topic-name', topic.name));
      if (topic.closed) button.appendChild(el('span', 'topic-closed', strings.closed));
      var lastSeen = seen.has(key) ? seen.get(key) : 0;
      if (topic.threadId !== selected && topic.lastMessageId > lastSeen) {
        var unread = el('span', 'unread', strings.unread);
        unread.setAttribute('data-testid', 'topic-unread');
        button.appendChild(unread);
      }
      button.addEventListener('click', function () {
        selected = topic.threadId;
        seen.set(key, topic.lastMessageId);
        refresh();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (staff.topics.length === 1) list.appendChild(el('li', 'empty', strings.noTopics));
    var current = staff.topics.filter(function (topic) {
      return topic.threadId === staff.selected;
    })[0];
    byTestId('thread-title').textContent = current ? current.name + (current.closed ? ' (' + strings.closed + ')' : '') : '';
  }

  function render(state) {
    strings = state.strings;
    renderMessages(byTestId('client-messages'), state.client.messages, 'client');
    renderKeyboard(state.client.replyKeyboard);
    renderAnswer('client-answer', state.client.answer);
    renderTopics(state.staff);
    renderMessages(byTestId('staff-messages'), state.staff.messages, 'staff');
    renderAnswer('staff-answer', state.staff.answer);
    firstLoad = false;
  }

  function refresh() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    var asked = selected;
    var query = new URLSearchParams({ lang: lang });
    if (asked !== null) query.set('thread', String(asked));
    fetch(base + '/api/state?' + query.toString())
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (state) {
        setOffline(false);
        if (selected !== asked) {
          // The trainee picked another topic while this answer was on its way.
          again = true;
          return;
        }
        // The server falls back to General when the asked topic no longer exists.
        selected = state.staff.selected;
        render(state);
      }, function () {
        setOffline(true);
      })
      .then(function () {
        loading = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  function bindComposer(formId, inputId, listId, send) {
    var form = byTestId(formId);
    var input = byTestId(inputId);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = '';
      // Whoever sends wants to see what they sent and the answer.
      byTestId(listId).setAttribute('data-follow', 'yes');
      send(text).catch(function () {
        input.value = text;
      });
    });
  }

  function startPolling(ms) {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = setInterval(refresh, ms);
  }

  bindComposer('client-form', 'client-input', 'client-messages', function (text) {
    return post('client/send', { text: text });
  });
  bindComposer('staff-form', 'staff-input', 'staff-messages', function (text) {
    return post('staff/send', { text: text, threadId: selected });
  });
  document.querySelectorAll('[data-sample]').forEach(function (button) {
    button.addEventListener('click', function () {
      byTestId('client-messages').setAttribute('data-follow', 'yes');
      post('client/sample', { kind: button.getAttribute('data-sample') });
    });
  });
  byTestId('reset').addEventListener('click', function () {
    if (window.confirm(strings.resetConfirm || 'Reset?')) {
      selected = null;
      post('reset', {});
    }
  });

  // Live updates over server-sent events; polling takes over while they are unavailable.
  if (typeof EventSource === 'function') {
    var events = new EventSource(base + '/api/events');
    events.addEventListener('change', refresh);
    events.addEventListener('open', function () {
      setOffline(false);
      startPolling(15000);
    });
    events.addEventListener('error', function () {
      startPolling(2000);
    });
    startPolling(15000);
  } else {
    startPolling(2000);
  }
  refresh();
})();
