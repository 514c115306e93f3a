"""
Edits the example's DOCX in LibreOffice headless over UNO, as a colleague would with
Track Changes on: a sentence changed, a fact changed (63 -> 64), a phrase made bold, a
paragraph inserted, one deleted. Stores the edited DOCX (changes pending), then the text
with every change accepted (what a rebuild must read), then adds a Word comment to the
DOCX's XML itself: LibreOffice 7.4 headless crashes storing a DOCX with a comment made
over UNO.

usage: lo-edit.py <in.docx> <out.docx> <accepted.txt> <profile-dir>
"""
import os, re, subprocess, sys, time, zipfile
import uno
from com.sun.star.beans import PropertyValue

src, dst, accepted, profile = map(os.path.abspath, sys.argv[1:5])
pipe = 'dossier%d' % os.getpid()
office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', '-env:UserInstallation=file://' + profile,
                           '--accept=pipe,name=%s;urp;' % pipe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(240):
        try:
            ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), '_blank', 0, (prop('Hidden', True),))
    doc.RecordChanges = True

    def replace(old, new):
        d = doc.createReplaceDescriptor()
        d.SearchString, d.ReplaceString = old, new
        assert doc.replaceAll(d) == 1, old

    def find(text):
        d = doc.createSearchDescriptor()
        d.SearchString = text
        found = doc.findFirst(d)
        assert found is not None, text
        return found

    replace('我们非常关注', '我们十分关注')
    replace('拥有63个团体会员', '拥有64个团体会员')
    bold = find('46.2万个')
    bold.CharWeight = 150.0  # Western and Asian weights: the phrase has both scripts
    bold.CharWeightAsian = 150.0
    text = doc.Text
    cursor = text.createTextCursorByRange(find('还缺乏经验。').End)
    text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
    text.insertString(cursor, '这是新插入的一段。', False)
    cursor = text.createTextCursorByRange(find('我们认为，造成上述').Start)
    cursor.gotoEndOfParagraph(True)
    cursor.goRight(1, True)
    cursor.setString('')
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop('FilterName', 'MS Word 2007 XML'),))
    dispatcher = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.DispatchHelper', ctx)
    dispatcher.executeDispatch(doc.CurrentController.Frame, '.uno:AcceptAllTrackedChanges', '', 0, ())
    doc.storeToURL(uno.systemPathToFileUrl(accepted), (prop('FilterName', 'Text (encoded)'), prop('FilterOptions', 'UTF8')))
    doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=120)

# The comment, on the run holding "多年来" (the second numbered paragraph).
with zipfile.ZipFile(dst) as z:
    parts = {name: z.read(name) for name in z.namelist()}
document = parts['word/document.xml'].decode()
run = re.search(r'<w:r>(?:(?!</w:r>).)*?多年来.*?</w:r>|<w:r [^>]*>(?:(?!</w:r>).)*?多年来.*?</w:r>', document, re.S)
assert run, 'no run with 多年来'
document = (document[:run.start()] + '<w:commentRangeStart w:id="90"/>' + run.group(0) + '<w:commentRangeEnd w:id="90"/>'
            + '<w:r><w:commentReference w:id="90"/></w:r>' + document[run.end():])
parts['word/document.xml'] = document.encode()
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
parts['word/comments.xml'] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="%s">'
                              '<w:comment w:id="90" w:author="Li Wei" w:date="2013-03-01T00:00:00Z"><w:p><w:r><w:t>请核实年份。</w:t></w:r></w:p></w:comment>'
                              '</w:comments>' % W).encode()
rels = parts['word/_rels/document.xml.rels'].decode()
parts['word/_rels/document.xml.rels'] = rels.replace('</Relationships>', '<Relationship Id="rIdComments90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>').encode()
types = parts['[Content_Types].xml'].decode()
parts['[Content_Types].xml'] = types.replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>').encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
