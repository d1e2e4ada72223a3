<?xml version="1.0" encoding="UTF-8"?>
<!--
  The citation trees of a document (encodingDesc/refsDecl/citeStructure, TEI P5 16.2.5.4) as units:
  every cited unit of a tree, in document order (pre-order, depth first), with its reference, level,
  parent reference, type (@unit) and node. Used by the DTS stylesheets (xslt/dts/).

  A citeStructure's @match and @use are XPath held in attributes; they are walked here, not evaluated,
  for the forms the edition declares: @match a path of steps "name" or "name[@attr='value']" (TEI
  namespace; absolute on an outer citeStructure, relative to the parent unit on a nested one), @use
  "@attr" or "position()" (the position among the units the same citeStructure selects under the same
  parent). schema/teiedit.sch walks the same paths with the same rules (and reports any other form as
  cite-unsupported), so what validates is exactly what is published. A nested unit's reference is its
  parent's, then @delim, then its own value, as TEI defines it.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="http://www.tei-c.org/ns/1.0"
  xmlns:cite="urn:teiedit:cite"
  exclude-result-prefixes="xs t cite">

  <xsl:variable name="cite:step" as="xs:string"
    select="&quot;^[A-Za-z_][\w.\-]*(\[@[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?='[^']*'\])?$&quot;"/>

  <!-- the trees a client can ask for: the default one first (refsDecl[@default='true'], else the first) -->
  <xsl:function name="cite:trees" as="element(t:refsDecl)*">
    <xsl:param name="tei" as="element(t:TEI)"/>
    <xsl:variable name="all" select="$tei/t:teiHeader/t:encodingDesc/t:refsDecl[t:citeStructure]"/>
    <xsl:variable name="default" select="($all[@default = 'true'], $all)[1]"/>
    <xsl:sequence select="$default, $all except $default"/>
  </xsl:function>

  <!-- a tree's DTS identifier: none for the default tree, else its @n -->
  <xsl:function name="cite:tree-id" as="xs:string?">
    <xsl:param name="tree" as="element(t:refsDecl)"/>
    <xsl:sequence select="if ($tree is cite:trees($tree/ancestor::t:TEI)[1]) then () else string($tree/@n)"/>
  </xsl:function>

  <xsl:function name="cite:form-ok" as="xs:boolean">
    <xsl:param name="cs" as="element(t:citeStructure)"/>
    <xsl:variable name="outer" select="empty($cs/parent::t:citeStructure)"/>
    <xsl:variable name="path" select="if ($outer) then substring($cs/@match, 2) else string($cs/@match)"/>
    <xsl:sequence select="($outer = starts-with($cs/@match, '/'))
        and (every $s in tokenize($path, '/') satisfies matches($s, $cite:step))
        and matches(normalize-space($cs/@use), '^(@[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?|position\(\))$')"/>
  </xsl:function>

  <xsl:function name="cite:select" as="node()*">
    <xsl:param name="context" as="node()*"/>
    <xsl:param name="steps" as="xs:string*"/>
    <xsl:variable name="step" select="$steps[1]"/>
    <xsl:variable name="name" select="replace($step, '\[.*$', '')"/>
    <xsl:variable name="attr" select="if (contains($step, '[')) then replace($step, '^[^\[]*\[@([^=]+)=.*$', '$1') else ''"/>
    <xsl:variable name="value" select="if (contains($step, '[')) then replace($step, &quot;^[^\[]*\[@[^=]+='([^']*)'\]$&quot;, '$1') else ''"/>
    <xsl:sequence select="if (empty($steps)) then $context else cite:select(
        $context/*[local-name() = $name][namespace-uri() = 'http://www.tei-c.org/ns/1.0'][$attr = '' or @*[name() = $attr] = $value],
        subsequence($steps, 2))"/>
  </xsl:function>

  <!-- the nodes one citeStructure selects under one context (the document, or a parent unit) -->
  <xsl:function name="cite:under" as="node()*">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="cs" as="element(t:citeStructure)"/>
    <xsl:sequence select="if (not(cite:form-ok($cs))) then ()
        else if (empty($cs/parent::t:citeStructure)) then cite:select(root($context), tokenize(substring($cs/@match, 2), '/'))
        else cite:select($context, tokenize($cs/@match, '/'))"/>
  </xsl:function>

  <!-- every unit of a tree: maps {ref, level, parent, type, node, cs}, in document order, pre-order -->
  <xsl:function name="cite:units" as="map(*)*">
    <xsl:param name="tree" as="element(t:refsDecl)"/>
    <xsl:sequence select="cite:units-under(root($tree), $tree/t:citeStructure, 1, ())"/>
  </xsl:function>

  <xsl:function name="cite:units-under" as="map(*)*">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="structures" as="element(t:citeStructure)*"/>
    <xsl:param name="level" as="xs:integer"/>
    <xsl:param name="parent" as="xs:string?"/>
    <xsl:variable name="selections" as="map(*)*" select="for $cs in $structures return map {'cs': $cs, 'nodes': cite:under($context, $cs)}"/>
    <!-- "/." sorts the nodes of all the structures into document order -->
    <xsl:for-each select="(for $s in $selections return $s?nodes)/.">
      <xsl:variable name="node" select="."/>
      <xsl:variable name="sel" select="$selections[some $n in ?nodes satisfies $n is $node][1]"/>
      <xsl:variable name="cs" select="$sel?cs"/>
      <xsl:variable name="value" select="if (normalize-space($cs/@use) = 'position()')
          then string(count($sel?nodes[. &lt;&lt; $node]) + 1)
          else normalize-space(string($node/@*[name() = substring(normalize-space($cs/@use), 2)]))"/>
      <xsl:variable name="ref" select="if (exists($parent)) then $parent || $cs/@delim || $value else $value"/>
      <xsl:sequence select="map {'ref': $ref, 'level': $level, 'parent': $parent, 'type': string($cs/@unit),
          'node': $node, 'cs': $cs}"/>
      <xsl:sequence select="cite:units-under($node, $cs/t:citeStructure, $level + 1, $ref)"/>
    </xsl:for-each>
  </xsl:function>

  <!-- the values of a unit's citeData (property URI → value strings, in declaration order) -->
  <xsl:function name="cite:data" as="map(*)*">
    <xsl:param name="unit" as="map(*)"/>
    <xsl:for-each select="$unit?cs/t:citeData[matches(normalize-space(@use), '^@[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?$')]">
      <xsl:variable name="v" select="normalize-space(string($unit?node/@*[name() = substring(normalize-space(current()/@use), 2)]))"/>
      <xsl:if test="$v">
        <xsl:sequence select="map {'property': string(@property), 'value': $v}"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>
</xsl:stylesheet>
