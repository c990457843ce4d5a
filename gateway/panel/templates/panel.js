// The owner's panel: copy buttons. A button with data-copy="ID" copies the
// text of the element ID to the clipboard, then says data-copied for a while.
'use strict';
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const text = document.getElementById(button.dataset.copy).textContent.trim();
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = button.dataset.copied;
    } catch (error) {
      // No clipboard (an old browser, or denied): select the text to copy by hand.
      window.getSelection().selectAllChildren(document.getElementById(button.dataset.copy));
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}
